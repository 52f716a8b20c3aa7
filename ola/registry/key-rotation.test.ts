// rotating the lab key, on every registry store: the old key signs the rotation and the new one
// everything after (also after a restart); verify follows the key chain, in both modes and offline;
// a forged rotation, a bad endorsement, a row or checkpoint signed with the retired key, and a key
// chain that disagrees are named at their seq; a rotation cut short at any step finishes at the
// next start; a lab process holding a stale key signs nothing.
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STORES, type RegistryFixture } from '../../tests/helpers/stores.ts';
import type { RegistryStore } from '../core/contracts.ts';
import { canonical, linkHash, signHash, verifyHash } from './chain.ts';
import { writeCheckpoint } from './checkpoint.ts';
import { endorse, fingerprint, publicPem } from './key-chain.ts';
import { loadKeyChain, loadOrCreateKeys, type LabKeys } from './keys.ts';
import { rotateLabKey } from './rotate-key.ts';

const WHO = { by: ['alice', 'bob'], why: 'rotated by operators (alice: yearly; bob: agreed)', requests: [1, 2] };
const pemOf = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

describe.each(STORES)('$backend registry: lab key rotation', (entry) => {
  let f: RegistryFixture;
  let store: RegistryStore;
  const open: RegistryStore[] = [];
  const openStore = async (o?: Parameters<RegistryFixture['open']>[0]) => {
    const s = await f.open(o);
    open.push(s);
    return s;
  };
  const closeStore = async (s: RegistryStore) => {
    open.splice(open.indexOf(s), 1);
    await s.close();
  };
  const fill = async (n: number, s: RegistryStore = store) => {
    for (let i = 0; i < n; i++) await s.append({ type: 'lab_started', subject: 'lab', payload: { i } });
  };
  /** verified offline: a reader with the storage folder's key chain only */
  const offline = async (full = false) => (await openStore({ readonly: true, keys: loadKeyChain(f.dir) })).verify({ full });
  const sigOf = async (seq: number) => (await f.sql<{ hash: string; sig: string }>('SELECT hash, sig FROM events WHERE seq = ?', seq))[0]!;
  /** writes row seq behind the store's back, linked to the row before it and signed with key */
  const forge = async (seq: number, e: { type: string; payload: Record<string, unknown> }, key: KeyObject) => {
    const prev = await sigOf(seq - 1);
    const ts = new Date().toISOString();
    const body = canonical({ seq, ts, type: e.type, subject: 'lab', payload: e.payload });
    const hash = linkHash(prev.hash, prev.sig, body);
    await f.sqlUnguarded('INSERT INTO events (seq, ts, type, subject, body, prev, hash, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', seq, ts, e.type, 'lab', body, prev.hash, hash, signHash(hash, key));
    return hash;
  };
  /** a restart: a key ring loaded afresh from the folder, and a store on it */
  const restart = async () => {
    await closeStore(store);
    const keys = loadOrCreateKeys(f.dir);
    store = await openStore({ keys });
    return keys;
  };

  beforeAll(() => entry.setup());
  afterAll(() => entry.teardown());
  beforeEach(async () => {
    f = await entry.fresh();
    store = await openStore();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await f.cleanup();
  });

  it('signs the rotation with the old key and every later event with the new one; verifies in both modes and offline', async () => {
    await fill(5);
    const old = { pem: pemOf(f.keys.privateKey), pub: f.keys.publicKey, fp: f.keys.fingerprint };
    const r = await rotateLabKey(store, f.keys, WHO);
    expect(r).toMatchObject({ seq: 6, previous: old.fp, fingerprint: f.keys.fingerprint });
    expect(r.fingerprint).not.toBe(old.fp);
    await fill(4);
    const [rotation] = await store.eventsOf({ types: ['lab_key_rotated'] });
    expect(rotation!.payload).toMatchObject({ fingerprint: r.fingerprint, previousFingerprint: old.fp, publicKey: publicPem(f.keys.publicKey), by: ['alice', 'bob'], why: WHO.why });
    expect(verifyHash(rotation!.hash, rotation!.sig, old.pub)).toBe(true);
    const after = await sigOf(7);
    expect(verifyHash(after.hash, after.sig, f.keys.publicKey)).toBe(true);
    expect(verifyHash(after.hash, after.sig, old.pub)).toBe(false);
    for (const full of [false, true]) {
      expect(await store.verify({ full })).toMatchObject({ ok: true, events: 10 });
      expect(await offline(full)).toMatchObject({ ok: true, events: 10 });
    }
    // the chain keeps both public keys; the old private key is gone from the folder
    expect(loadKeyChain(f.dir).chain.map((k) => [k.fingerprint, k.fromSeq])).toEqual([[old.fp, 1], [r.fingerprint, 7]]);
    const keyFiles = readdirSync(join(f.dir, 'keys'));
    expect(keyFiles.sort()).toEqual(['keys.json', 'lab-ed25519.pem', 'secrets.json']);
    for (const file of keyFiles) expect(readFileSync(join(f.dir, 'keys', file), 'utf8')).not.toContain(old.pem.split('\n')[1]);
    expect(fingerprint(createPublicKey(readFileSync(join(f.dir, 'keys', 'lab-ed25519.pem'), 'utf8')))).toBe(r.fingerprint);
  });

  it('signs with the new key after a restart, and the checkpoint with it', async () => {
    await fill(2);
    const { fingerprint: fp } = await rotateLabKey(store, f.keys, WHO);
    const keys = await restart();
    expect(keys.fingerprint).toBe(fp);
    await fill(3);
    const head = await sigOf(6);
    expect(verifyHash(head.hash, head.sig, keys.publicKey)).toBe(true);
    await closeStore(store);
    expect(JSON.parse(readFileSync(f.checkpoint, 'utf8'))).toMatchObject({ seq: 6 });
    expect(await offline(true)).toMatchObject({ ok: true, events: 6 });
  });

  it('names a forged rotation that the key in force did not sign, and the lab goes on once it is gone', async () => {
    await fill(4);
    const thief = generateKeyPairSync('ed25519');
    const payload = { publicKey: publicPem(thief.publicKey), fingerprint: fingerprint(thief.publicKey), previousFingerprint: f.keys.fingerprint, endorsement: endorse(thief.privateKey, thief.publicKey), by: ['mallory'], why: 'forged' };
    await forge(5, { type: 'lab_key_rotated', payload }, thief.privateKey);
    await forge(6, { type: 'lab_started', payload: { forged: true } }, thief.privateKey);
    for (const full of [false, true]) expect(await store.verify({ full })).toMatchObject({ ok: false, firstBadSeq: 5, problem: expect.stringMatching(/not signed by the key in force/) });
    // contained: the lab still signs with its own key, and without the forged rows it verifies
    expect(f.keys.fingerprint).not.toBe(payload.fingerprint);
    await f.sqlUnguarded('DELETE FROM events WHERE seq >= 5');
    await fill(1);
    expect(await store.verify({ full: true })).toMatchObject({ ok: true, events: 5 });
  });

  it('names a rotation whose endorsement does not verify, even signed by the key in force', async () => {
    await fill(3);
    const next = generateKeyPairSync('ed25519');
    const payload = { publicKey: publicPem(next.publicKey), fingerprint: fingerprint(next.publicKey), previousFingerprint: f.keys.fingerprint, endorsement: endorse(next.privateKey, next.publicKey) };
    await forge(4, { type: 'lab_key_rotated', payload }, f.keys.privateKey);
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: expect.stringMatching(/endorsement does not verify/) });
  });

  it('names an event after the rotation signed with the retired key, and refuses a checkpoint it signs', async () => {
    await fill(3);
    const retired = f.keys.privateKey;
    await rotateLabKey(store, f.keys, WHO);
    await fill(3);
    await forge(8, { type: 'lab_started', payload: { by: 'whoever stole the old key' } }, retired);
    for (const full of [false, true]) expect(await store.verify({ full })).toMatchObject({ ok: false, firstBadSeq: 8, problem: expect.stringMatching(/signature does not verify/) });
    await f.sqlUnguarded('DELETE FROM events WHERE seq = 8');
    const cp = readFileSync(f.checkpoint, 'utf8');
    writeCheckpoint(f.checkpoint, { seq: 7, hash: (await sigOf(7)).hash }, retired);
    expect(await offline()).toMatchObject({ ok: false, problem: expect.stringMatching(/not signed by the lab key/) });
    // contained: with the row gone and the checkpoint put back, the registry verifies and the lab signs on
    writeFileSync(f.checkpoint, cp);
    await fill(2);
    expect(await store.verify({ full: true })).toMatchObject({ ok: true, events: 9 });
  });

  it('names a key chain (keys.json) that disagrees with the registry', async () => {
    await fill(2);
    await rotateLabKey(store, f.keys, WHO);
    const file = join(f.dir, 'keys', 'keys.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const other = generateKeyPairSync('ed25519').publicKey;
    doc.keys[1] = { ...doc.keys[1], publicKey: publicPem(other), fingerprint: fingerprint(other) };
    writeFileSync(file, JSON.stringify(doc));
    expect(await offline()).toMatchObject({ ok: false, firstBadSeq: 3, problem: expect.stringMatching(/key chain \(keys\.json\) names/) });
  });

  describe('a rotation cut short', () => {
    const keyFiles = (): Record<string, Buffer> => Object.fromEntries(readdirSync(join(f.dir, 'keys')).map((n) => [n, readFileSync(join(f.dir, 'keys', n))]));
    const putBack = (files: Record<string, Buffer>) => {
      for (const n of readdirSync(join(f.dir, 'keys'))) rmSync(join(f.dir, 'keys', n));
      for (const [n, data] of Object.entries(files)) writeFileSync(join(f.dir, 'keys', n), data);
    };
    const startsAndVerifies = async (fp: string, events: number) => {
      expect(await offline(true)).toMatchObject({ ok: true, events });
      const keys = await restart();
      expect(keys.fingerprint).toBe(fp);
      expect(existsSync(join(f.dir, 'keys', 'lab-ed25519.next.pem'))).toBe(false);
      await fill(2);
      expect(await store.verify({ full: true })).toMatchObject({ ok: true, events: events + 2 });
      expect(await offline(true)).toMatchObject({ ok: true, events: events + 2 });
    };

    it('before the event: the pending key is dropped', async () => {
      await fill(2);
      const fp = f.keys.fingerprint;
      f.keys.prepareRotation();
      expect(existsSync(join(f.dir, 'keys', 'lab-ed25519.next.pem'))).toBe(true);
      await startsAndVerifies(fp, 2);
    });

    for (const step of ['after the event', 'after keys.json', 'after the new key file'] as const) {
      it(`${step}: the next start finishes it`, async () => {
        await fill(2);
        const before = keyFiles();
        const proof = f.keys.prepareRotation();
        const pending = keyFiles()['lab-ed25519.next.pem']!;
        await store.append({ type: 'lab_key_rotated', subject: 'lab', payload: { ...proof, ...WHO } });
        const after = keyFiles();
        // the files as the crash left them
        const left: Record<string, Buffer> = { ...before, 'lab-ed25519.next.pem': pending };
        if (step !== 'after the event') left['keys.json'] = after['keys.json']!;
        if (step === 'after the new key file') left['lab-ed25519.pem'] = after['lab-ed25519.pem']!;
        putBack(left);
        await startsAndVerifies(proof.fingerprint, 3);
      });
    }
  });

  it('refuses a lab process whose key the registry rotated away', async () => {
    const stale = mkdtempSync(join(tmpdir(), 'ola-stale-keys-'));
    try {
      cpSync(join(f.dir, 'keys'), join(stale, 'keys'), { recursive: true });
      const staleKeys: LabKeys = loadOrCreateKeys(stale);
      const other = entry.backend === 'postgres' ? await openStore({ keys: staleKeys }) : undefined;
      await fill(2);
      await rotateLabKey(store, f.keys, WHO);
      await expect(f.open({ keys: loadOrCreateKeys(stale) })).rejects.toMatchObject({ code: 'OLA_ERR_LAB_KEY_STALE' });
      // postgresql: a second lab process that loaded the old key before the rotation appends nothing
      if (other) await expect(other.append({ type: 'lab_started', subject: 'lab', payload: {} })).rejects.toMatchObject({ code: 'OLA_ERR_LAB_KEY_STALE' });
      await fill(1);
      expect(await store.verify({ full: true })).toMatchObject({ ok: true, events: 4 });
    } finally {
      rmSync(stale, { recursive: true, force: true });
    }
  });
});
