// workers follow the lab's key rotations: the lab publishes its key chain in redis (each later
// key with the endorsement of the key before it, from its lab_key_rotated event), and a worker,
// which trusts only the public key it was started with, takes the keys it can reach from that
// anchor through endorsements that verify. a key signs the tokens issued while it was in force:
// a token signed by an earlier key counts only if it was issued before that key was replaced.
// nothing in redis is trusted on its own: a key no endorsement chain reaches is ignored.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createDecoder } from 'fast-jwt';
import type { Redis } from 'ioredis';
import type { RegistryStore } from '../../core/contracts.ts';
import { checkRotation, fingerprint, publicPem, type ChainKey, type KeyChainView } from '../../registry/key-chain.ts';

/** a token's claims, unchecked (its iat picks the keys to try) */
const decodeClaims: (token: string) => Record<string, unknown> = createDecoder();

/** the redis key the chain is published under */
export const KEY_CHAIN_KEY = 'ola:lab-key-chain';
/** a worker asks redis again at most this often when a token does not verify */
const REFRESH_MS = 2000;

export interface PublishedKey {
  fingerprint: string;
  publicKey: string;
  /** when it took over (absent for the first key) */
  since?: string;
  /** the key before it: its fingerprint and its signature over this key (lab_key_rotated) */
  previousFingerprint?: string;
  endorsement?: string;
}

/** the chain as the lab publishes it: every key, each later one with its rotation's proof */
export async function publishedChain(keys: KeyChainView, store: Pick<RegistryStore, 'eventsOf'>): Promise<PublishedKey[]> {
  const rotations = keys.chain.length > 1 ? await store.eventsOf({ types: ['lab_key_rotated'] }) : [];
  return keys.chain.map((k: ChainKey, i) => {
    const out: PublishedKey = { fingerprint: k.fingerprint, publicKey: publicPem(k.publicKey), ...(k.since ? { since: k.since } : {}) };
    if (i === 0) return out;
    const e = rotations.find((r) => r.payload.fingerprint === k.fingerprint);
    return { ...out, previousFingerprint: String(e?.payload.previousFingerprint ?? ''), endorsement: String(e?.payload.endorsement ?? '') };
  });
}

export async function publishKeyChain(redis: Redis, keys: KeyChainView, store: Pick<RegistryStore, 'eventsOf'>): Promise<void> {
  await redis.set(KEY_CHAIN_KEY, JSON.stringify({ kind: 'organic-os lab key chain', keys: await publishedChain(keys, store) }));
}

interface Trusted {
  key: KeyObject;
  fingerprint: string;
  /** ms: tokens issued from here on are not this key's (the next key's since) */
  until: number;
}

/** the keys reachable from the anchor through published endorsements, oldest first */
export function trustedFrom(anchor: KeyObject, published: unknown): Trusted[] {
  const anchorFp = fingerprint(anchor);
  const list = (published as { keys?: unknown })?.keys;
  const keys = Array.isArray(list) ? (list as PublishedKey[]) : [];
  const start = keys.findIndex((k) => k?.fingerprint === anchorFp);
  const out: Trusted[] = [{ key: anchor, fingerprint: anchorFp, until: Infinity }];
  if (start < 0) return out;
  for (let i = start + 1; i < keys.length; i++) {
    const k = keys[i]!;
    const before = out.at(-1)!;
    const checked = checkRotation(k, { fingerprint: before.fingerprint, publicKey: before.key, fromSeq: 0 });
    const since = Date.parse(String(k.since ?? ''));
    // the chain stops at the first key that does not verify
    if ('problem' in checked || !Number.isFinite(since)) break;
    before.until = since;
    out.push({ key: checked.next, fingerprint: checked.fingerprint, until: Infinity });
  }
  return out;
}

/** a worker's view of the lab's keys: the newest trusted one, and the key a token from before a rotation needs */
export class KeyFollower {
  private trusted: Trusted[];
  private lastRefresh = 0;
  private refreshing?: Promise<void>;

  constructor(
    private readonly anchor: KeyObject,
    private readonly read: () => Promise<string | null>,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.trusted = [{ key: anchor, fingerprint: fingerprint(anchor), until: Infinity }];
  }

  /** the key that signs now, as far as this worker can tell */
  get publicKey(): KeyObject {
    return this.trusted.at(-1)!.key;
  }

  /** asks redis for the chain (at most every REFRESH_MS unless forced) */
  refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.lastRefresh < REFRESH_MS) return this.refreshing ?? Promise.resolve();
    this.lastRefresh = Date.now();
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    let text: string | null;
    try {
      text = await this.read();
    } catch {
      return; // redis away: the keys known stay
    }
    if (!text) return;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return this.log('the lab key chain in redis is not json: ignored');
    }
    const next = trustedFrom(this.anchor, doc);
    if (next.length > this.trusted.length) this.log(`follows the lab key to ${next.at(-1)!.fingerprint.slice(0, 16)} (${next.length - 1} rotation${next.length > 2 ? 's' : ''} from its anchor)`);
    // never fewer keys than known: a chain cut short in redis does not undo a rotation seen
    if (next.length >= this.trusted.length) this.trusted = next;
  }

  /**
   * the keys a token the newest did not verify may be signed with, after a refresh: the trusted
   * keys in force in the second the token says it was issued (its iat has a second's grain)
   */
  async keysFor(token: string): Promise<KeyObject[]> {
    await this.refresh();
    let iat: number;
    try {
      iat = Number(decodeClaims(token).iat) * 1000;
    } catch {
      return [];
    }
    if (!Number.isFinite(iat)) return [];
    const out: KeyObject[] = [];
    let from = -Infinity;
    for (const t of this.trusted) {
      if (iat + 1000 > from && iat < t.until) out.push(t.key);
      from = t.until;
    }
    // the newest first: a token is far more often new than old
    return out.reverse();
  }
}

/** a follower reading the chain from the lab's redis */
export function redisKeyFollower(anchorPem: string, redis: Redis, log?: (line: string) => void): KeyFollower {
  return new KeyFollower(createPublicKey(anchorPem), () => redis.get(KEY_CHAIN_KEY), log);
}
