import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../../tests/helpers/test-lab.ts';
import { clockNiche } from '../../niches/clock/index.ts';
import { rotateLabKey } from '../../registry/rotate-key.ts';

/** the offline recipe, taken from the docs as a reader would copy it */
function docsRecipe(dir: string): string {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'dashboard.md'), 'utf8');
  const code = /<!-- verify-export\.mjs[^>]*-->\n```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error('docs/dashboard.md has no verify-export.mjs block');
  const file = join(dir, 'verify-export.mjs');
  writeFileSync(file, code);
  return file;
}

function runRecipe(script: string, jsonl: string, dir: string): { code: number; out: string } {
  const file = join(dir, `export-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, jsonl);
  try {
    return { code: 0, out: execFileSync(process.execPath, [script, file], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (err) {
    const e = err as { status: number; stderr: string };
    return { code: e.status, out: e.stderr };
  }
}

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
  await proposeAndSettle(t, { niche: 'clock', source: clockNiche.baseline, language: 'js', proposer: 'registry-test' });
});
afterAll(() => t.close());

describe('registry routes', () => {
  it('GET /registry/stats counts events by type and follows appends', async () => {
    const first = (await t.app.inject({ url: '/registry/stats' })).json<{ events: number; byType: Record<string, number>; publicKey: string; head: { seq: number } }>();
    expect(first.events).toBe(await t.lab.store.headSeq());
    expect(first.head.seq).toBe(first.events);
    expect(Object.values(first.byType).reduce((a, b) => a + b, 0)).toBe(first.events);
    expect(first.byType.proposal_received).toBe(1);
    expect(first.publicKey).toMatch(/BEGIN PUBLIC KEY/);
    await t.lab.store.append({ type: 'internal_clock_inferred', subject: 'x', payload: {} });
    const second = (await t.app.inject({ url: '/registry/stats' })).json<{ byType: Record<string, number> }>();
    expect(second.byType.internal_clock_inferred).toBe((first.byType.internal_clock_inferred ?? 0) + 1);
  });

  it('POST /registry/verify reports ok, and names the field on bad input', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/registry/verify', payload: { full: true } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, full: true, events: await t.lab.store.headSeq() });
    expect((await t.app.inject({ method: 'POST', url: '/registry/verify' })).json()).toMatchObject({ ok: true, full: false });
    const bad = await t.app.inject({ method: 'POST', url: '/registry/verify', payload: { full: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { detail: { field: 'body.full' } } });
    expect((await t.app.inject({ method: 'POST', url: '/registry/verify', payload: { fast: true } })).statusCode).toBe(400);
  });

  it('GET /registry/export checks out offline with the documented recipe, and the recipe catches tampering', async () => {
    const res = await t.app.inject({ url: '/registry/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = res.body.trimEnd().split('\n');
    const head = await t.lab.store.headSeq();
    expect(lines.length).toBe(head + 1);
    // the event lines are the jsonl mirror's lines
    expect(lines.slice(1)).toEqual(readFileSync(join(t.dir, 'registry', 'events.log'), 'utf8').trimEnd().split('\n').slice(0, head));
    const script = docsRecipe(t.dir);
    const good = runRecipe(script, res.body, t.dir);
    expect(good).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^ok: ${head} events`)) });
    const i = lines.findIndex((l) => l.includes('"proposer":"registry-test"'));
    const forged = [...lines];
    forged[i] = forged[i]!.replace('"proposer":"registry-test"', '"proposer":"someone-else"');
    expect(runRecipe(script, `${forged.join('\n')}\n`, t.dir)).toMatchObject({ code: 1, out: expect.stringContaining(`TAMPERED at seq ${i}`) });
    const dropped = [...lines];
    dropped.splice(3, 1);
    expect(runRecipe(script, `${dropped.join('\n')}\n`, t.dir)).toMatchObject({ code: 1, out: expect.stringContaining('TAMPERED at seq 3') });
    // a later slice verifies on its own from the header's previous hash
    const tail = await t.app.inject({ url: `/registry/export?after=${head - 3}` });
    expect(runRecipe(script, tail.body, t.dir)).toMatchObject({ code: 0, out: expect.stringContaining('ok: 3 events') });
    expect((await t.app.inject({ url: '/registry/export?after=-1' })).json()).toMatchObject({ error: { detail: { field: 'querystring.after' } } });
  });

  it('an export across a key rotation checks out offline: the recipe follows the rotation to the next key', async () => {
    const before = await t.lab.store.headSeq();
    await rotateLabKey(t.lab.store, t.lab.keys, { by: ['registry-test'], why: 'a test of the export across a rotation', requests: [] });
    // an event signed by the new key
    await t.lab.store.append({ type: 'lab_action_requested', subject: 'lab', payload: { action: 'halt', by: 'registry-test', why: 'after the rotation' } });
    const script = docsRecipe(t.dir);
    const all = await t.app.inject({ url: '/registry/export' });
    expect(runRecipe(script, all.body, t.dir)).toMatchObject({ code: 0, out: expect.stringMatching(/^ok: /) });
    // a slice from after the rotation names the new key in its header
    const tail = await t.app.inject({ url: `/registry/export?after=${before + 1}` });
    expect(JSON.parse(tail.body.split('\n')[0]!).publicKey).toBe(t.lab.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(runRecipe(script, tail.body, t.dir)).toMatchObject({ code: 0, out: expect.stringContaining('ok: 1 events') });
  });

  it('POST /registry/verify names the first bad sequence number of a tampered registry', async () => {
    const db = new Database(join(t.dir, 'registry', 'registry.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    const row = db.prepare("SELECT seq FROM events WHERE type = 'proposal_received'").get() as { seq: number };
    db.prepare("UPDATE events SET body = replace(body, 'registry-test', 'registry-evil') WHERE seq = ?").run(row.seq);
    db.close();
    const res = (await t.app.inject({ method: 'POST', url: '/registry/verify', payload: {} })).json();
    expect(res).toMatchObject({ ok: false, firstBadSeq: row.seq });
  });
});
