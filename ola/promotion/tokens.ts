// signed, scoped, expiring capability tokens (compact jws via fast-jwt, eddsa with the lab key:
// node:crypto signs and checks synchronously, where jose 6 goes through WebCrypto and libuv's
// thread pool; issuing a token costs about half the cpu).
// after a key rotation, a token this process issued under the previous key still verifies until
// its own expiry, so runs under way finish; a token the retired key signs that this process never
// issued itself, token for token (whoever holds the old key), is refused. tokens are not re-issued: jobs already queued or
// running carry theirs.
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import type { TokenClaims, TokenVerifier } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { FromStage, Stage } from '../core/vocabulary.ts';
import type { LabKeys } from '../registry/keys.ts';

const ISSUER = 'organic-os';
const AUDIENCE = 'ola-runner';
const TYP = 'ola-capability+jwt';

export interface IssuedToken extends TokenClaims {
  token: string;
}

/** a token a replaced key signed lives this long at most (the lab's longest token ttl) */
const RETIRED_KEY_MAX_TTL_S = 3600;

/** verified tokens are remembered until they expire: verification is pure in (token, key) */
const VERIFIED_CACHE = 2048;

export class TokenService implements TokenVerifier {
  private readonly verified = new Map<string, Record<string, unknown>>();
  /** the tokens this process issued (by digest), with the key that signed each, until they expire */
  private readonly issued = new Map<string, { key: KeyObject; exp: number }>();

  /**
   * a worker holds only the public key: it verifies, and cannot issue. `keysFor` names the keys a
   * token the current key does not verify may be signed with (a worker following rotations)
   */
  constructor(
    private readonly keys: Pick<LabKeys, 'publicKey'> & Partial<Pick<LabKeys, 'privateKey'>>,
    private readonly opts: { keysFor?: (token: string) => Promise<KeyObject[]> } = {},
  ) {}

  private async verify(token: string, at = Date.now()): Promise<Record<string, unknown>> {
    const hit = this.verified.get(token);
    if (hit && Number(hit.exp) * 1000 > at) return hit;
    const check = (key: KeyObject) => checkToken(token, key, at);
    let payload: Record<string, unknown>;
    try {
      payload = check(this.keys.publicKey);
    } catch (err) {
      if (!badSignature(err)) throw err;
      // a token of ours from before a rotation: its own key, as long as it lives
      const mine = this.issued.get(digest(token))?.key;
      if (mine && !mine.equals(this.keys.publicKey)) payload = check(mine);
      else payload = await this.followed(token, check, err);
    }
    this.cache(token, payload);
    return payload;
  }

  private cache(token: string, payload: Record<string, unknown>): void {
    if (this.verified.size >= VERIFIED_CACHE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, payload);
  }

  /** a worker's way to a token from before a rotation, or just after one it has not read yet */
  private async followed(token: string, check: (key: KeyObject) => Record<string, unknown>, err: unknown): Promise<Record<string, unknown>> {
    for (const key of (await this.opts.keysFor?.(token)) ?? []) {
      let payload: Record<string, unknown>;
      try {
        payload = check(key);
      } catch {
        continue;
      }
      // the newest key's own tokens are any age (read after the refresh); a replaced key's live an hour at most
      if (!key.equals(this.keys.publicKey) && Number(payload.exp) - Number(payload.iat) > RETIRED_KEY_MAX_TTL_S) {
        throw new Error(`a token signed by a replaced key may live ${RETIRED_KEY_MAX_TTL_S} s at most`);
      }
      return payload;
    }
    throw err;
  }

  async issue(input: { artifactId: string; sha256: string; from: FromStage; to: Stage; ttlSeconds: number }): Promise<IssuedToken> {
    // both read now: a rotation during the signing must not pair this token with the next key
    const { privateKey, publicKey } = this.keys;
    if (!privateKey) throw new OlaError('OLA_ERR_INTERNAL', 'tokens are issued by the lab: this process holds only its public key');
    const nonce = randomBytes(12).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + input.ttlSeconds;
    const scopes = [`run:${input.to}`];
    const iat = Math.floor(Date.now() / 1000);
    const claims = { sha256: input.sha256, from: input.from, to: input.to, scopes, iss: ISSUER, aud: AUDIENCE, sub: input.artifactId, jti: nonce, iat, exp };
    const token = signerFor(privateKey)(claims);
    this.remember(token, publicKey, exp * 1000);
    // this process signed exactly this string: checking its signature again would only cost
    // (the in-process guard admits most tokens the lab issues); a changed byte misses the cache.
    // the signer encodes the claims as given (iat and exp included, nothing added)
    this.cache(token, claims);
    return { ...input, scopes, nonce, expiresAt: new Date(exp * 1000).toISOString(), token };
  }

  private remember(token: string, key: KeyObject, exp: number): void {
    // expired ones go now and then: the map holds only tokens still alive
    if (this.issued.size % 1024 === 1023) for (const [d, t] of this.issued) if (t.exp <= Date.now()) this.issued.delete(d);
    this.issued.set(digest(token), { key, exp });
  }

  /** throws OLA_ERR_TOKEN_INVALID unless the token lets this artifact run at this stage */
  async require(token: string | undefined, want: { stage: Stage; artifactId: string; sha256: string; at?: number }): Promise<TokenClaims> {
    const deny = (why: string): never => {
      throw new OlaError('OLA_ERR_TOKEN_INVALID', `capability token refused for ${want.stage}: ${why}`, { field: 'token' });
    };
    if (!token) return deny('no token');
    let payload: Record<string, unknown>;
    try {
      payload = await this.verify(token, want.at);
    } catch (err) {
      return deny((err as Error).message);
    }
    if (payload.to !== want.stage) deny(`token is for ${String(payload.to)}`);
    if (payload.sub !== want.artifactId) deny('token is for another artifact');
    if (payload.sha256 !== want.sha256) deny('token is for other code');
    const scopes = payload.scopes as string[] | undefined;
    if (!scopes?.includes(`run:${want.stage}`)) deny('token lacks the run scope');
    return {
      artifactId: want.artifactId,
      sha256: want.sha256,
      from: payload.from as FromStage,
      to: want.stage,
      scopes: scopes ?? [],
      nonce: String(payload.jti),
      expiresAt: new Date(Number(payload.exp) * 1000).toISOString(),
    };
  }
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

// one signer and one verifier per key (fast-jwt takes keys as pem)
const signers = new WeakMap<KeyObject, (claims: Record<string, unknown>) => string>();
const verifiers = new WeakMap<KeyObject, (token: string) => Record<string, unknown>>();

function signerFor(key: KeyObject): (claims: Record<string, unknown>) => string {
  let sign = signers.get(key);
  if (!sign) {
    // the claims are given whole (iat and exp included)
    sign = createSigner({ key: key.export({ type: 'pkcs8', format: 'pem' }).toString(), algorithm: 'EdDSA', header: { alg: 'EdDSA', typ: TYP } });
    signers.set(key, sign);
  }
  return sign;
}

/** signature, algorithm, issuer and audience by the library; expiry against `at` here (a queued job is checked as of its admission) */
function checkToken(token: string, key: KeyObject, at: number): Record<string, unknown> {
  let verify = verifiers.get(key);
  if (!verify) {
    verify = createVerifier({ key: key.export({ type: 'spki', format: 'pem' }).toString(), algorithms: ['EdDSA'], allowedIss: ISSUER, allowedAud: AUDIENCE, ignoreExpiration: true, ignoreNotBefore: true, cache: false });
    verifiers.set(key, verify);
  }
  const payload = verify(token);
  if (typeof payload.exp !== 'number') throw new Error('the token has no expiry');
  if (payload.exp * 1000 <= at) throw new Error('the token has expired');
  if (typeof payload.nbf === 'number' && payload.nbf * 1000 > at) throw new Error('the token is not valid yet');
  return payload;
}

const badSignature = (err: unknown) => err instanceof TokenError && err.code === TokenError.codes.invalidSignature;

