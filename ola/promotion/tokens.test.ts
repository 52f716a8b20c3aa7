// capability tokens across a lab key rotation: a token issued before it still verifies until it
// expires (a run under way finishes), new ones are signed with the new key, and a token the
// retired key signs that the lab never issued (whoever holds the old key) is refused, as are the
// old tokens in a process that did not issue them.
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { tmpStorage } from '../core/tmp-storage.ts';
import { loadOrCreateKeys } from '../registry/keys.ts';
import { TokenService } from './tokens.ts';

const storage = tmpStorage();
afterEach(() => storage.cleanup());

const want = { stage: 'vm' as const, artifactId: 'a_1', sha256: 'f'.repeat(64) };
const issue = (t: TokenService, ttlSeconds = 60) => t.issue({ artifactId: 'a_1', sha256: 'f'.repeat(64), from: 'proposed', to: 'vm', ttlSeconds });

describe('tokens across a key rotation', () => {
  it('honours the tokens it issued before the rotation until they expire, and no other of the old key', async () => {
    const keys = loadOrCreateKeys(storage.dir);
    const tokens = new TokenService(keys);
    const retired = keys.privateKey;
    const inFlight = await issue(tokens);
    const short = await issue(tokens, 1);
    const proof = keys.prepareRotation();
    // one being signed while the key changes
    const signing = issue(tokens);
    keys.committed({ seq: 5, ts: new Date().toISOString(), type: 'lab_key_rotated', payload: { ...proof } });
    expect(keys.fingerprint).toBe(proof.fingerprint);
    await expect(tokens.require((await signing).token, want)).resolves.toBeDefined();

    await expect(tokens.require(inFlight.token, want)).resolves.toMatchObject({ nonce: inFlight.nonce });
    const fresh = await issue(tokens);
    await expect(tokens.require(fresh.token, want)).resolves.toMatchObject({ nonce: fresh.nonce });
    // a worker given only the new public key takes new tokens
    await expect(new TokenService({ publicKey: keys.publicKey }).require(fresh.token, want)).resolves.toBeDefined();

    // the old key's token of the lab's own lives no longer than it would have
    await expect(tokens.require(short.token, { ...want, at: Date.now() + 5000 })).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    // whoever kept the old key mints a token: refused, even one that copies a real token's nonce
    const forged = await new SignJWT({ sha256: want.sha256, from: 'proposed', to: 'vm', scopes: ['run:vm'] })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'ola-capability+jwt' })
      .setIssuer('organic-os')
      .setAudience('ola-runner')
      .setSubject('a_1')
      .setJti(inFlight.nonce)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime('1h')
      .sign(retired);
    await expect(tokens.require(forged, want)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID', message: expect.stringMatching(/signature/) });
    // a process that did not issue it (a restart) no longer takes the old key's tokens
    await expect(new TokenService(loadOrCreateKeys(storage.dir)).require(inFlight.token, want)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
  });

  it('admits its own tokens as issued, and nothing a byte away from one', async () => {
    const tokens = new TokenService(loadOrCreateKeys(storage.dir));
    const t = await issue(tokens);
    const admitted = await tokens.require(t.token, want);
    expect(admitted).toMatchObject({ nonce: t.nonce, to: 'vm' });
    // what it admits from its cache is what another process reads off the token
    const fresh = new TokenService({ publicKey: loadOrCreateKeys(storage.dir).publicKey });
    expect(await fresh.require(t.token, want)).toEqual(admitted);
    const [head, body, sig] = t.token.split('.') as [string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    // a changed signature, a changed claim (another artifact), a changed header
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const other = Buffer.from(JSON.stringify({ ...claims, sub: 'a_2' })).toString('base64url');
    for (const bad of [`${head}.${body}.${flip(sig, 5)}`, `${flip(head, 2)}.${body}.${sig}`]) {
      await expect(tokens.require(bad, want)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
    }
    await expect(tokens.require(`${head}.${other}.${sig}`, { ...want, artifactId: 'a_2' })).rejects.toMatchObject({ message: expect.stringMatching(/signature/) });
    // its own, for another artifact or stage: refused on the claims
    await expect(tokens.require(t.token, { ...want, artifactId: 'a_2' })).rejects.toMatchObject({ message: expect.stringMatching(/another artifact/) });
    await expect(tokens.require(t.token, { ...want, stage: 'jail' })).rejects.toMatchObject({ message: expect.stringMatching(/token is for vm/) });
    // and expired when it is
    await expect(tokens.require(t.token, { ...want, at: Date.now() + 61_000 })).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
  });
});
