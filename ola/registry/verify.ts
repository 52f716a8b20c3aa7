// re-checks the whole registry: every hash link, the head signature (and every
// signature with full), the head checkpoint, the jsonl mirror line by line, and each
// artifact source. both stores hand it their rows. each signature is checked against the key in
// force at its seq: the key chain's first key, then each key a lab_key_rotated event brings in
// (signed by the key before it, which endorses the new one), held to the chain in keys.json.
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { VerifyReport } from '../core/contracts.ts';
import { GENESIS, linkHash, verifyHash, type ChainRow } from './chain.ts';
import { checkpointSigners, parseCheckpoint, readCheckpointText, tailProblem } from './checkpoint.ts';
import { checkRotation, keyAt, type ChainKey } from './key-chain.ts';
import { mirrorLine } from './mirror-line.ts';

type Maybe<T> = T | Promise<T>;
type Row = ChainRow & { type: string; subject: string };

export interface VerifySource {
  /** rows in seq order, with the columns that index them */
  rows(): Iterable<Row> | AsyncIterable<Row>;
  /** random access for the signature search */
  row(seq: number): Maybe<ChainRow | undefined>;
  /** the storage folder's key chain (keys.json): its first key is the trust anchor */
  chain: readonly ChainKey[];
  mirrorFile?: string;
  /** artifact sources: undefined when intact, otherwise what is wrong */
  sources?: { check(sha256: string): Maybe<string | undefined> };
  /** the signed head checkpoint kept outside the database */
  checkpointFile?: string;
}

type Bad = { seq: number; problem: string };

export async function verifyRegistry(src: VerifySource, opts: { full?: boolean } = {}): Promise<VerifyReport> {
  const start = performance.now();
  const done = (events: number, bad?: Bad): VerifyReport => ({
    ok: !bad,
    events,
    firstBadSeq: bad?.seq,
    problem: bad?.problem,
    ms: Math.round(performance.now() - start),
  });

  // read before the rows: a head checkpointed meanwhile is never past the rows read (its
  // signature is checked after them, against the keys the registry brought in)
  const checkpointText = src.checkpointFile ? readCheckpointText(src.checkpointFile) : undefined;
  const checkpointSeq = peekSeq(checkpointText);
  // the keys in force, from the registry's own rotations
  const keys: ChainKey[] = [src.chain[0]!];
  const keyFor = (seq: number) => keyAt(keys, seq).publicKey;
  let hashAtCheckpoint: string | undefined;
  const mirror = src.mirrorFile && existsSync(src.mirrorFile) ? readFileSync(src.mirrorFile, 'utf8').split('\n') : [];
  if (mirror.at(-1) === '') mirror.pop();
  const sources = new Map<string, number>();
  let prev: ChainRow | undefined;
  let count = 0;
  let firstBad: Bad | undefined;

  const visit = (row: Row): Bad | undefined => {
    count++;
    const rotation = row.type === 'lab_key_rotated';
    // a rotation's signature is always checked, in rotated(), which says more
    const bad = checkRow(row, prev, keyFor, opts.full === true && !rotation) ?? (rotation ? rotated(row) : undefined);
    if (bad) return bad;
    if (src.mirrorFile && !firstBad) {
      const line = mirror[row.seq - 1];
      if (line === undefined) firstBad = { seq: row.seq, problem: `mirror has no line for event ${row.seq}` };
      else if (line !== mirrorLine(row)) firstBad = { seq: row.seq, problem: `mirror line ${row.seq} differs from the registry` };
    }
    const sha = /"sourceSha256":"([0-9a-f]{64})"/.exec(row.body)?.[1];
    if (sha && !sources.has(sha)) sources.set(sha, row.seq);
    if (row.seq === checkpointSeq) hashAtCheckpoint = row.hash;
    prev = row;
    return undefined;
  };
  const rotated = (row: Row): Bad | undefined => {
    const before = keyAt(keys, row.seq);
    // checked even without full: every key after it rests on this signature
    if (!verifyHash(row.hash, row.sig, before.publicKey)) return { seq: row.seq, problem: 'the key rotation is not signed by the key in force before it' };
    const next = checkRotation((JSON.parse(row.body) as { payload?: unknown }).payload, before);
    if ('problem' in next) return { seq: row.seq, problem: next.problem };
    const listed = src.chain[keys.length];
    if (listed && (listed.fingerprint !== next.fingerprint || listed.fromSeq !== row.seq + 1)) {
      return { seq: row.seq, problem: `the key rotation names key ${next.fingerprint.slice(0, 16)} from seq ${row.seq + 1}, but the key chain (keys.json) names ${listed.fingerprint.slice(0, 16)} from seq ${listed.fromSeq}` };
    }
    keys.push({ fingerprint: next.fingerprint, publicKey: next.next, fromSeq: row.seq + 1, since: JSON.parse(row.body).ts as string });
    return undefined;
  };
  const rows = src.rows();
  // sqlite's rows are walked without a pause: an append in between would find its connection busy
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows) {
      const bad = visit(row);
      if (bad) return done(count, bad);
    }
  } else {
    for (const row of rows) {
      const bad = visit(row);
      if (bad) return done(count, bad);
    }
  }

  if (prev && !verifyHash(prev.hash, prev.sig, keyFor(prev.seq))) {
    return done(count, { seq: await firstBadSignature(src, prev.seq, keyFor), problem: 'signature does not verify with the lab key in force (rows rewritten)' });
  }
  // a rotation the key chain names that the registry does not hold
  const unheld = src.chain[keys.length];
  if (unheld && !firstBad) {
    firstBad = { seq: Math.min(unheld.fromSeq - 1, count + 1), problem: `the key chain (keys.json) names key ${unheld.fingerprint.slice(0, 16)} from seq ${unheld.fromSeq}, but the registry holds no lab_key_rotated for it` };
  }
  const checkpoint = src.checkpointFile ? parseCheckpoint(checkpointText, src.checkpointFile, checkpointSigners(keys)) : undefined;
  const cut = checkpoint && tailProblem(checkpoint, src.checkpointFile!, count, hashAtCheckpoint);
  if (cut && (!firstBad || cut.seq <= firstBad.seq)) firstBad = cut;
  if (!firstBad && mirror.length > count) {
    firstBad = { seq: count + 1, problem: `mirror has ${mirror.length - count} line(s) the registry does not` };
  }
  if (src.sources) {
    for (const [sha, seq] of sources) {
      const problem = await src.sources.check(sha);
      if (problem && (!firstBad || seq < firstBad.seq)) firstBad = { seq, problem };
    }
  }
  return done(count, firstBad);
}

function peekSeq(text: string | undefined | Error): number {
  try {
    const seq = typeof text === 'string' ? (JSON.parse(text) as { seq?: unknown }).seq : 0;
    return Number.isSafeInteger(seq) ? (seq as number) : 0;
  } catch {
    return 0;
  }
}

function checkRow(row: Row, prev: ChainRow | undefined, keyFor: (seq: number) => KeyObject, full: boolean): Bad | undefined {
  const expectedSeq = prev ? prev.seq + 1 : 1;
  if (row.seq !== expectedSeq) return { seq: expectedSeq, problem: `event ${expectedSeq} is missing` };
  const prevHash = prev?.hash ?? GENESIS;
  if (row.prev !== prevHash) return { seq: row.seq, problem: 'prev does not match the hash before it' };
  if (linkHash(prevHash, prev?.sig ?? '', row.body) !== row.hash) {
    // the link also covers the previous signature: blame it when it is the bad part
    if (prev && !verifyHash(prev.hash, prev.sig, keyFor(prev.seq))) return { seq: prev.seq, problem: 'signature does not verify' };
    return { seq: row.seq, problem: 'content does not hash to the recorded hash' };
  }
  let body: { seq?: unknown; type?: unknown; subject?: unknown };
  try {
    body = JSON.parse(row.body) as typeof body;
  } catch {
    return { seq: row.seq, problem: 'body is not json' };
  }
  if (body.seq !== row.seq || body.type !== row.type || body.subject !== row.subject) {
    return { seq: row.seq, problem: 'indexed columns disagree with the signed body' };
  }
  if (full && !verifyHash(row.hash, row.sig, keyFor(row.seq))) return { seq: row.seq, problem: 'signature does not verify' };
  return undefined;
}

/** rows rewritten from some point on carry bad signatures from there: binary search it */
async function firstBadSignature(src: VerifySource, head: number, keyFor: (seq: number) => KeyObject): Promise<number> {
  let lo = 1;
  let hi = head;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = await src.row(mid);
    if (row && verifyHash(row.hash, row.sig, keyFor(mid))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
