// re-checks the whole registry: every hash link, the head signature (and every
// signature with full), the head checkpoint, the jsonl mirror line by line, and each
// artifact source. both stores hand it their rows.
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { VerifyReport } from '../core/contracts.ts';
import { GENESIS, linkHash, verifyHash, type ChainRow } from './chain.ts';
import { readCheckpoint, tailProblem } from './checkpoint.ts';
import { mirrorLine } from './mirror-line.ts';

type Maybe<T> = T | Promise<T>;
type Row = ChainRow & { type: string; subject: string };

export interface VerifySource {
  /** rows in seq order, with the columns that index them */
  rows(): Iterable<Row> | AsyncIterable<Row>;
  /** random access for the signature search */
  row(seq: number): Maybe<ChainRow | undefined>;
  publicKey: KeyObject;
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

  // read before the rows: a head checkpointed meanwhile is never past the rows read
  const checkpoint = src.checkpointFile ? readCheckpoint(src.checkpointFile, src.publicKey) : undefined;
  const checkpointSeq = checkpoint?.state === 'ok' ? checkpoint.cp.seq : 0;
  let hashAtCheckpoint: string | undefined;
  const mirror = src.mirrorFile && existsSync(src.mirrorFile) ? readFileSync(src.mirrorFile, 'utf8').split('\n') : [];
  if (mirror.at(-1) === '') mirror.pop();
  const sources = new Map<string, number>();
  let prev: ChainRow | undefined;
  let count = 0;
  let firstBad: Bad | undefined;

  const visit = (row: Row): Bad | undefined => {
    count++;
    const bad = checkRow(row, prev, src.publicKey, opts.full === true);
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

  if (prev && !verifyHash(prev.hash, prev.sig, src.publicKey)) {
    return done(count, { seq: await firstBadSignature(src, prev.seq), problem: 'signature does not verify (rows rewritten)' });
  }
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

function checkRow(row: Row, prev: ChainRow | undefined, key: KeyObject, full: boolean): Bad | undefined {
  const expectedSeq = prev ? prev.seq + 1 : 1;
  if (row.seq !== expectedSeq) return { seq: expectedSeq, problem: `event ${expectedSeq} is missing` };
  const prevHash = prev?.hash ?? GENESIS;
  if (row.prev !== prevHash) return { seq: row.seq, problem: 'prev does not match the hash before it' };
  if (linkHash(prevHash, prev?.sig ?? '', row.body) !== row.hash) {
    // the link also covers the previous signature: blame it when it is the bad part
    if (prev && !verifyHash(prev.hash, prev.sig, key)) return { seq: prev.seq, problem: 'signature does not verify' };
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
  if (full && !verifyHash(row.hash, row.sig, key)) return { seq: row.seq, problem: 'signature does not verify' };
  return undefined;
}

/** rows rewritten from some point on carry bad signatures from there: binary search it */
async function firstBadSignature(src: VerifySource, head: number): Promise<number> {
  let lo = 1;
  let hi = head;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = await src.row(mid);
    if (row && verifyHash(row.hash, row.sig, src.publicKey)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
