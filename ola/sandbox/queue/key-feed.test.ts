// a worker follows the lab's key rotations only through endorsements it can check from the key
// it was started with; a key nobody endorsed, or a replaced key's token issued after the
// rotation or living too long, is refused.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { TokenService } from '../../promotion/tokens.ts';
import { endorse, fingerprint, publicPem } from '../../registry/key-chain.ts';
import { KeyFollower, trustedFrom, type PublishedKey } from './key-feed.ts';

const pair = () => generateKeyPairSync('ed25519');
const entry = (k: KeyObject, before?: { privateKey: KeyObject; publicKey: KeyObject }, since?: number): PublishedKey => ({
  fingerprint: fingerprint(k),
  publicKey: publicPem(k),
  ...(before ? { previousFingerprint: fingerprint(before.publicKey), endorsement: endorse(before.privateKey, k), since: new Date(since!).toISOString() } : {}),
});
const doc = (keys: PublishedKey[]) => JSON.stringify({ kind: 'organic-os lab key chain', keys });

/** a token as the lab signs one, with a chosen issue time and life */
async function token(key: KeyObject, iatMs: number, ttlS = 600): Promise<string> {
  const iat = Math.floor(iatMs / 1000);
  return new SignJWT({ sha256: 'c0de', from: 'proposed', to: 'isolate', scopes: ['run:isolate'] })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'ola-capability+jwt' })
    .setIssuer('organic-os')
    .setAudience('ola-runner')
    .setSubject('a_1')
    .setJti(`n${Math.random()}`)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlS)
    .sign(key);
}

const want = { stage: 'isolate' as const, artifactId: 'a_1', sha256: 'c0de' };

describe('workers following the lab key', () => {
  it('reaches the newest key through endorsements only, from its anchor', () => {
    const [k0, k1, k2, stranger] = [pair(), pair(), pair(), pair()];
    const t = Date.now();
    const good = [entry(k0.publicKey), entry(k1.publicKey, k0, t - 1000), entry(k2.publicKey, k1, t)];
    expect(trustedFrom(k0.publicKey, JSON.parse(doc(good))).map((x) => x.fingerprint)).toEqual([k0, k1, k2].map((k) => fingerprint(k.publicKey)));
    // a worker anchored at k1 starts there
    expect(trustedFrom(k1.publicKey, JSON.parse(doc(good)))).toHaveLength(2);
    // a key endorsed by a stranger ends the chain; so does an anchor the chain does not name
    const forged = [entry(k0.publicKey), entry(k1.publicKey, k0, t - 1000), entry(k2.publicKey, stranger, t)];
    expect(trustedFrom(k0.publicKey, JSON.parse(doc(forged)))).toHaveLength(2);
    expect(trustedFrom(stranger.publicKey, JSON.parse(doc(good)))).toHaveLength(1);
    expect(trustedFrom(k0.publicKey, 'not a chain')).toHaveLength(1);
  });

  it("takes the new key's token from the second of the rotation, before it has read the chain", async () => {
    const [k0, k1] = [pair(), pair()];
    // a rotation late in a second: a token of the new key issued right after has an iat before it
    const rotatedAt = Math.floor(Date.now() / 1000) * 1000 + 900;
    const follower = new KeyFollower(k0.publicKey, async () => doc([entry(k0.publicKey), entry(k1.publicKey, k0, rotatedAt)]));
    const tokens = new TokenService(follower, { keysFor: (t) => follower.keysFor(t) });
    await expect(tokens.require(await token(k1.privateKey, rotatedAt + 50), want)).resolves.toBeDefined();
    await expect(tokens.require(await token(k0.privateKey, rotatedAt - 50), want)).resolves.toBeDefined();
  });

  it("verifies the new key's tokens, the old key's from before the rotation, and nothing else", async () => {
    const [k0, k1, stranger] = [pair(), pair(), pair()];
    const rotatedAt = Date.now() - 60_000;
    let published = doc([entry(k0.publicKey)]);
    const follower = new KeyFollower(k0.publicKey, async () => published);
    const tokens = new TokenService(follower, { keysFor: (t) => follower.keysFor(t) });
    await follower.refresh(true);
    expect(await tokens.require(await token(k0.privateKey, Date.now()), want)).toMatchObject({ artifactId: 'a_1' });
    // the lab rotates: the new key's tokens verify once the worker has read the chain
    published = doc([entry(k0.publicKey), entry(k1.publicKey, k0, rotatedAt)]);
    await follower.refresh(true);
    expect(fingerprint(follower.publicKey)).toBe(fingerprint(k1.publicKey));
    await expect(tokens.require(await token(k1.privateKey, Date.now()), want)).resolves.toBeDefined();
    // the old key: a token issued before the rotation, still alive, verifies
    await expect(tokens.require(await token(k0.privateKey, rotatedAt - 120_000, 3600), want)).resolves.toBeDefined();
    // but not one it signed after the rotation, one that lives too long, or a stranger's
    await expect(tokens.require(await token(k0.privateKey, Date.now()), want)).rejects.toThrow(/signature/);
    await expect(tokens.require(await token(k0.privateKey, rotatedAt - 120_000, 3 * 3600), want)).rejects.toThrow(/3600 s at most/);
    await expect(tokens.require(await token(stranger.privateKey, Date.now()), want)).rejects.toThrow(/capability token refused/);
    // a chain cut short later does not undo the rotation seen
    published = doc([entry(k0.publicKey)]);
    await follower.refresh(true);
    expect(fingerprint(follower.publicKey)).toBe(fingerprint(k1.publicKey));
  });
});
