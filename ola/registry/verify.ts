// re-checks the whole registry: every hash link, the head signature (and every
// signature with full), the jsonl mirror line by line, and each artifact file.
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { VerifyReport } from '../core/contracts.ts';
import type { BlobStore } from './blobs.ts';
import { GENESIS, linkHash, verifyHash, type ChainRow } from './chain.ts';
import { mirrorLine } from './mirror-line.ts';

export interface VerifySource {
  /** rows in seq order, with the columns that index them */
  rows(): Iterable<ChainRow & { type: string; subject: string }>;
  /** random access for the signature search */
  row(seq: number): ChainRow | undefined;
  publicKey: KeyObject;
  mirrorFile?: string;
  blobs?: BlobStore;
}

type Bad = { seq: number; problem: string };

export function verifyRegistry(src: VerifySource, opts: { full?: boolean } = {}): VerifyReport {
  const start = performance.now();
  const done = (events: number, bad?: Bad): VerifyReport => ({
    ok: !bad,
    events,
    firstBadSeq: bad?.seq,
    problem: bad?.problem,
    ms: Math.round(performance.now() - start),
  });

  const mirror = src.mirrorFile && existsSync(src.mirrorFile) ? readFileSync(src.mirrorFile, 'utf8').split('\n') : [];
  if (mirror.at(-1) === '') mirror.pop();
  const sources = new Map<string, number>();
  let prev: ChainRow | undefined;
  let count = 0;
  let firstBad: Bad | undefined;

  for (const row of src.rows()) {
    count++;
    const bad = checkRow(row, prev, src.publicKey, opts.full === true);
    if (bad) return done(count, bad);
    if (src.mirrorFile && !firstBad) {
      const line = mirror[row.seq - 1];
      if (line === undefined) firstBad = { seq: row.seq, problem: `mirror has no line for event ${row.seq}` };
      else if (line !== mirrorLine(row)) firstBad = { seq: row.seq, problem: `mirror line ${row.seq} differs from the registry` };
    }
    const sha = /"sourceSha256":"([0-9a-f]{64})"/.exec(row.body)?.[1];
    if (sha && !sources.has(sha)) sources.set(sha, row.seq);
    prev = row;
  }

  if (prev && !verifyHash(prev.hash, prev.sig, src.publicKey)) {
    return done(count, { seq: firstBadSignature(src, prev.seq), problem: 'signature does not verify (rows rewritten)' });
  }
  if (!firstBad && mirror.length > count) {
    firstBad = { seq: count + 1, problem: `mirror has ${mirror.length - count} line(s) the registry does not` };
  }
  if (src.blobs) {
    for (const [sha, seq] of sources) {
      const problem = src.blobs.check(sha);
      if (problem && (!firstBad || seq < firstBad.seq)) firstBad = { seq, problem };
    }
  }
  return done(count, firstBad);
}

function checkRow(row: ChainRow & { type: string; subject: string }, prev: ChainRow | undefined, key: KeyObject, full: boolean): Bad | undefined {
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
function firstBadSignature(src: VerifySource, head: number): number {
  let lo = 1;
  let hi = head;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = src.row(mid);
    if (row && verifyHash(row.hash, row.sig, src.publicKey)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
