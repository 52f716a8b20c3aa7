// the key ring's files: the held-out secret is today's derivation for an existing folder, the
// same for the same seed, and unchanged by a rotation (also after a restart); lost after a
// rotation, it is refused rather than derived anew from the new key.
import { createHmac, createPrivateKey } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tmpStorage } from '../core/tmp-storage.ts';
import { loadKeyChain, loadOrCreateKeys, writeSeededKey } from './keys.ts';

const folders: { cleanup(): void }[] = [];
const folder = () => {
  const s = tmpStorage();
  folders.push(s);
  return s.dir;
};
afterEach(() => {
  for (const s of folders.splice(0)) s.cleanup();
});

/** one rotation by hand: what a store does around a lab_key_rotated event */
const rotate = (dir: string) => {
  const keys = loadOrCreateKeys(dir);
  const proof = keys.prepareRotation();
  keys.committed({ seq: 9, ts: new Date().toISOString(), type: 'lab_key_rotated', payload: { ...proof } });
  return { keys, proof };
};

describe('the lab key ring', () => {
  it("keeps an existing folder's held-out secret: the hmac of its key, as before", () => {
    const dir = folder();
    writeSeededKey(dir, Buffer.alloc(32, 7));
    const der = createPrivateKey(readFileSync(join(dir, 'keys', 'lab-ed25519.pem'), 'utf8')).export({ type: 'pkcs8', format: 'der' });
    const before = createHmac('sha256', der).update('held-out-scenarios').digest();
    expect(loadOrCreateKeys(dir).derive('held-out-scenarios').equals(before)).toBe(true);
    const other = folder();
    writeSeededKey(other, Buffer.alloc(32, 7));
    expect(loadOrCreateKeys(other).derive('held-out-scenarios').equals(before)).toBe(true);
  });

  it('leaves the held-out secret as it was across a rotation and a restart', () => {
    const dir = folder();
    const before = loadOrCreateKeys(dir).derive('held-out-scenarios');
    const { keys, proof } = rotate(dir);
    expect(keys.fingerprint).toBe(proof.fingerprint);
    expect(keys.derive('held-out-scenarios').equals(before)).toBe(true);
    const again = loadOrCreateKeys(dir);
    expect(again.fingerprint).toBe(proof.fingerprint);
    expect(again.derive('held-out-scenarios').equals(before)).toBe(true);
    expect(loadKeyChain(dir).chain.map((k) => k.fromSeq)).toEqual([1, 10]);
  });

  it('refuses to derive the held-out secret anew once the first key is gone', () => {
    const dir = folder();
    rotate(dir);
    rmSync(join(dir, 'keys', 'secrets.json'));
    expect(() => loadOrCreateKeys(dir)).toThrow(expect.objectContaining({ code: 'OLA_ERR_LAB_KEY_STALE' }));
  });
});
