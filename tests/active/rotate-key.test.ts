// rotating the lab key under the operators' quorum: with two operators and OLA_QUORUM=2 one
// operator's request waits, the same operator twice does not count, the second carries it. a
// proposal under way finishes, the held-out scenarios stay as they were, the registry verifies
// (in the lab, and offline with `ola registry verify`), and after a restart the lab signs with
// the new key; `ola rotate-key` does the same from the cli. the registry holds neither a bearer
// token nor a private key.
import { execFile } from 'node:child_process';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyHash } from '../../ola/registry/chain.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';
import { OLA_BIN, olaCli } from '../helpers/ola-cli.ts';

const tokens = { alice: randomBytes(24).toString('base64url'), bob: randomBytes(24).toString('base64url'), sam: randomBytes(24).toString('base64url') };
const bearer = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });
const overrides = {
  auth: { operators: (['alice', 'bob'] as const).map((name) => ({ name, token: tokens[name] })), submitters: [{ name: 'sam', token: tokens.sam }], quorum: 2 },
};
let t: TestLab;

beforeAll(async () => {
  t = await startTestLab(overrides);
});
afterAll(async () => {
  await t.close();
  rmSync(t.dir, { recursive: true, force: true });
});

const rotate = (who?: keyof typeof tokens, reason = 'the yearly rotation') =>
  t.app.inject({ method: 'POST', url: '/lab/actions/rotate-key', headers: who ? bearer(who) : {}, payload: { reason } });
const heldOut = () => JSON.stringify(t.lab.catalog.scenarios('clock').heldOut);
const verifyOffline = () =>
  new Promise<{ code: number; out: string }>((resolve) =>
    execFile(OLA_BIN, ['registry', 'verify', '--storage', t.dir, '--full', '--json'], { encoding: 'utf8' }, (e, out, err) => resolve({ code: e ? Number(e.code) : 0, out: out + err })),
  );

it('rotates the lab key once two distinct operators asked, and everything after is signed by the new key', async () => {
  const oldPem = readFileSync(join(t.dir, 'keys', 'lab-ed25519.pem'), 'utf8');
  const old = { fp: t.lab.keys.fingerprint, pub: t.lab.keys.publicKey };
  const seeds = heldOut();
  expect((await rotate()).statusCode).toBe(401);
  expect((await rotate('sam')).statusCode).toBe(403);

  // one operator is not enough
  const first = await rotate('alice');
  expect(first.statusCode).toBe(202);
  expect(first.json()).toMatchObject({ action: 'rotate-key', state: 'pending', needs: 2, requests: [{ operator: 'alice' }] });
  const twice = await rotate('alice', 'again');
  expect(twice.statusCode).toBe(409);
  expect(twice.json().error).toMatchObject({ code: 'OLA_ERR_LAB_ACTION_REFUSED', message: expect.stringContaining('alice asked to rotate-key already') });
  const waiting = (await t.app.inject({ url: '/lab/actions' })).json();
  expect(waiting).toMatchObject({ pending: { 'rotate-key': [{ operator: 'alice' }] }, key: { fingerprint: old.fp, since: null, keys: 1 } });
  expect(t.lab.keys.fingerprint).toBe(old.fp);

  // a proposal under way while the key changes finishes
  const posted = await t.app.inject({ method: 'POST', url: '/proposals', headers: bearer('sam'), payload: { niche: 'clock', source: `${t.lab.catalog.get('clock')!.baseline}\n// rotating`, language: 'js' } });
  const job = { stage: 'isolate' as const, artifactId: 'a_in_flight', sha256: 'e'.repeat(64) };
  const inFlight = await t.lab.tokens.issue({ artifactId: job.artifactId, sha256: job.sha256, from: 'proposed', to: 'isolate', ttlSeconds: 600 });
  const done = await rotate('bob', 'agreed');
  expect(done.statusCode).toBe(200);
  const r = done.json();
  expect(r).toMatchObject({ action: 'rotate-key', state: 'done', requests: [{ operator: 'alice' }, { operator: 'bob' }], fingerprint: t.lab.keys.fingerprint });
  expect(r.fingerprint).not.toBe(old.fp);
  const p = await t.lab.engine.settled(posted.json().id);
  expect(p.status, JSON.stringify(p.steps)).toBe('gated');
  expect(await t.lab.store.eventsOf({ types: ['token_refused'] })).toEqual([]);
  // a token the old key signed for a run under way still lets it run
  await expect(t.lab.tokens.require(inFlight.token, job)).resolves.toMatchObject({ nonce: inFlight.nonce });

  const [rotation] = await t.lab.store.eventsOf({ types: ['lab_key_rotated'] });
  expect(rotation!.seq).toBe(r.seq);
  expect(rotation!.payload).toMatchObject({ previousFingerprint: old.fp, fingerprint: r.fingerprint, by: ['alice', 'bob'], why: expect.stringContaining('alice: the yearly rotation; bob: agreed') });
  expect(verifyHash(rotation!.hash, rotation!.sig, old.pub)).toBe(true);
  const later = (await t.lab.store.eventsAfter(rotation!.seq, 1))[0]!;
  expect(verifyHash(later.hash, later.sig, t.lab.keys.publicKey)).toBe(true);
  expect((await t.app.inject({ url: '/lab/actions' })).json()).toMatchObject({ pending: { 'rotate-key': [] }, key: { fingerprint: r.fingerprint, since: rotation!.ts, keys: 2 } });

  // held-out scenarios as they were; the registry verifies; no secret was recorded
  expect(heldOut()).toBe(seeds);
  for (const full of [false, true]) expect(await t.lab.store.verify({ full })).toMatchObject({ ok: true });
  const all = JSON.stringify(await t.lab.store.eventsAfter(0, 100_000));
  for (const tk of Object.values(tokens)) expect(all).not.toContain(tk);
  const oldDer = createPrivateKey(oldPem).export({ type: 'pkcs8', format: 'der' }).toString('base64');
  expect(all).not.toContain(oldPem.split('\n')[1]);
  expect(all).not.toContain(oldDer);
  expect(readFileSync(join(t.dir, 'keys', 'lab-ed25519.pem'), 'utf8')).not.toBe(oldPem);
}, 120_000);

it('signs with the new key after a restart, keeps the held-out scenarios, and verifies offline', async () => {
  const fp = t.lab.keys.fingerprint;
  const seeds = heldOut();
  await t.close({ keepStorage: true });
  t = await startTestLab(overrides, t.dir);
  expect(t.lab.keys.fingerprint).toBe(fp);
  expect(heldOut()).toBe(seeds);
  const [started] = (await t.lab.store.eventsOf({ types: ['lab_started'] })).slice(-1);
  expect(verifyHash(started!.hash, started!.sig, t.lab.keys.publicKey)).toBe(true);
  await t.lab.store.append({ type: 'lab_started', subject: 'lab', payload: { flush: true } });
  await t.close({ keepStorage: true });
  const report = await verifyOffline();
  expect(report.code, report.out).toBe(0);
  expect(JSON.parse(report.out)).toMatchObject({ ok: true });
  t = await startTestLab(overrides, t.dir);
}, 120_000);

it('rotates from the cli: ola rotate-key waits for the quorum, then names the new key', async () => {
  const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const ola = (token?: string) => olaCli(url, ['rotate-key', '--reason', 'from the cli'], token);
  const before = t.lab.keys.fingerprint;
  const refused = await ola();
  expect(refused.code).toBe(1);
  expect(refused.err).toContain('OLA_ERR_UNAUTHENTICATED');
  expect((await ola(tokens.alice)).out).toMatch(/rotate-key: waiting for the quorum: 1 of 2 operators asked \(alice\)/);
  const done = await ola(tokens.bob);
  expect(done.out).toMatch(/rotate-key: done \(registry seq \d+\), asked by alice, bob/);
  expect(t.lab.keys.fingerprint).not.toBe(before);
  expect(done.out).toContain(`the lab key is now ${t.lab.keys.fingerprint}`);
  expect(t.lab.keys.chain).toHaveLength(3);
  expect(await t.lab.store.verify({ full: true })).toMatchObject({ ok: true });
}, 120_000);
