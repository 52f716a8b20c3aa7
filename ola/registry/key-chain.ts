// the lab's key chain: every key that signed the registry, oldest first, with the seq it signs
// from. the first key is the trust anchor; each later one came in through a lab_key_rotated
// event signed by the key before it, which also endorses the new public key
// (docs/registry.md#the-key-chain). kept in storage/keys/keys.json.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

const KIND = 'organic-os lab key chain';
const ENDORSEMENT = 'organic-os lab key endorsement\n';

export interface ChainKey {
  /** sha256 of the public key's spki der, hex */
  fingerprint: string;
  publicKey: KeyObject;
  /** the first seq this key signs */
  fromSeq: number;
  /** when it took over (the rotation event's time); absent for the first key */
  since?: string;
}

/** what verifying a registry needs: the public keys, never a private one */
export interface KeyChainView {
  readonly chain: readonly ChainKey[];
}

/** what a lab_key_rotated event carries besides who asked and why */
export interface RotationProof {
  publicKey: string;
  fingerprint: string;
  previousFingerprint: string;
  endorsement: string;
}

export function fingerprint(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function publicPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** the key in force at seq: the last one whose fromSeq is at or below it */
export function keyAt(chain: readonly ChainKey[], seq: number): ChainKey {
  let key = chain[0]!;
  for (const k of chain) if (k.fromSeq <= seq) key = k;
  return key;
}

/** the old key's signature over the new public key (a domain prefix keeps it apart from row signatures) */
export function endorse(oldPrivate: KeyObject, newPublic: KeyObject): string {
  return sign(null, endorsed(newPublic), oldPrivate).toString('base64');
}

function endorsed(newPublic: KeyObject): Buffer {
  return Buffer.concat([Buffer.from(ENDORSEMENT), newPublic.export({ type: 'spki', format: 'der' })]);
}

/** the next key a rotation event names, or what is wrong with it, given the key in force before it */
export function checkRotation(payload: unknown, before: ChainKey): { next: KeyObject; fingerprint: string } | { problem: string } {
  const p = (payload ?? {}) as Partial<RotationProof>;
  if (typeof p.publicKey !== 'string' || typeof p.fingerprint !== 'string' || typeof p.endorsement !== 'string') {
    return { problem: 'the key rotation names no new key, fingerprint or endorsement' };
  }
  let next: KeyObject;
  try {
    next = createPublicKey(p.publicKey);
  } catch {
    return { problem: 'the key rotation names a public key that does not parse' };
  }
  if (next.asymmetricKeyType !== 'ed25519') return { problem: 'the key rotation names a key that is not ed25519' };
  if (fingerprint(next) !== p.fingerprint) return { problem: 'the key rotation names a fingerprint that is not its key\'s' };
  if (p.previousFingerprint !== before.fingerprint) return { problem: `the key rotation names ${String(p.previousFingerprint).slice(0, 16)} as the previous key, but ${before.fingerprint.slice(0, 16)} was in force` };
  let ok = false;
  try {
    ok = verify(null, endorsed(next), before.publicKey, Buffer.from(p.endorsement, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) return { problem: 'the key rotation\'s endorsement does not verify with the key in force' };
  return { next, fingerprint: p.fingerprint };
}

interface ChainFile {
  kind: typeof KIND;
  keys: { fingerprint: string; publicKey: string; fromSeq: number; since?: string }[];
}

/** undefined when the file is missing; throws when it is not a key chain */
export function readKeyChain(file: string): ChainKey[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const doc = JSON.parse(text) as Partial<ChainFile>;
  if (doc.kind !== KIND || !Array.isArray(doc.keys) || doc.keys.length === 0) throw new Error(`${file} is not a lab key chain`);
  return doc.keys.map((k) => {
    const publicKey = createPublicKey(k.publicKey);
    if (fingerprint(publicKey) !== k.fingerprint || !Number.isSafeInteger(k.fromSeq)) throw new Error(`${file}: a key's fingerprint or seq is wrong`);
    return { fingerprint: k.fingerprint, publicKey, fromSeq: k.fromSeq, ...(k.since ? { since: k.since } : {}) };
  });
}

/** write then rename: a crash leaves the old chain or the new one, never half of one */
export function writeKeyChain(file: string, chain: readonly ChainKey[]): void {
  const doc: ChainFile = {
    kind: KIND,
    keys: chain.map((k) => ({ fingerprint: k.fingerprint, publicKey: publicPem(k.publicKey), fromSeq: k.fromSeq, ...(k.since ? { since: k.since } : {}) })),
  };
  writeAtomically(file, `${JSON.stringify(doc, null, 2)}\n`, 0o644);
}

/** a temp file written and synced, then renamed over file */
export function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
