// the head checkpoint: the registry's head (seq, hash, time) signed with the lab key and kept
// outside the database, so a registry cut off at its tail no longer passes as a shorter valid
// chain (docs/registry.md says how to anchor a copy elsewhere). it is signed by the lab key in
// force when it was written: the key at its seq, or the next one right after a rotation.
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OlaError } from '../core/errors.ts';
import { canonical, sha256Hex, signHash, verifyHash, type ChainHead } from './chain.ts';
import { keyAt, type ChainKey } from './key-chain.ts';

const KIND = 'organic-os registry head';

export interface HeadCheckpoint {
  kind: typeof KIND;
  seq: number;
  hash: string;
  at: string;
  sig: string;
}

export interface CheckpointOptions {
  file: string;
  /** the most a written checkpoint lags the head while the store is open (0: every append) */
  everyMs: number;
}

/** a checkpoint file holds nothing yet, a checkpoint the lab key signed, or something else */
export type CheckpointRead = { state: 'missing' } | { state: 'bad'; problem: string } | { state: 'ok'; cp: HeadCheckpoint };

function digest(seq: number, hash: string, at: string): string {
  return sha256Hex(canonical({ kind: KIND, seq, hash, at }));
}

/** the keys that may have signed a checkpoint of seq: the one in force at seq, and the next (written just after a rotation) */
export function checkpointSigners(chain: readonly ChainKey[]): (seq: number) => KeyObject[] {
  return (seq) => [...new Set([keyAt(chain, seq).publicKey, keyAt(chain, seq + 1).publicKey])];
}

/** the file's text, or undefined when it is missing (verify reads it before the rows, checks it after) */
export function readCheckpointText(file: string): string | undefined | Error {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return err as Error;
  }
}

export function readCheckpoint(file: string, signers: (seq: number) => KeyObject[]): CheckpointRead {
  return parseCheckpoint(readCheckpointText(file), file, signers);
}

export function parseCheckpoint(text: string | undefined | Error, file: string, signers: (seq: number) => KeyObject[]): CheckpointRead {
  if (text === undefined) return { state: 'missing' };
  let cp: Partial<HeadCheckpoint>;
  try {
    if (text instanceof Error) throw text;
    cp = JSON.parse(text) as Partial<HeadCheckpoint>;
  } catch (err) {
    return { state: 'bad', problem: `head checkpoint ${file} cannot be read: ${(err as Error).message}` };
  }
  const { seq, hash, at, sig } = cp;
  if (cp.kind !== KIND || !Number.isSafeInteger(seq) || seq! < 0 || typeof hash !== 'string' || typeof at !== 'string' || typeof sig !== 'string') {
    return { state: 'bad', problem: `${file} is not a head checkpoint` };
  }
  if (!signers(seq!).some((k) => verifyHash(digest(seq!, hash, at), sig, k))) return { state: 'bad', problem: `head checkpoint ${file} is not signed by the lab key` };
  return { state: 'ok', cp: { kind: KIND, seq: seq!, hash, at, sig } };
}

/** what is wrong with a registry of `events` rows whose row at the checkpoint's seq hashes to hashAt */
export function tailProblem(read: CheckpointRead, file: string, events: number, hashAt: string | undefined): { seq: number; problem: string } | undefined {
  if (read.state === 'missing') return events === 0 ? undefined : { seq: events + 1, problem: `no head checkpoint at ${file}: a cut-off tail cannot be ruled out` };
  if (read.state === 'bad') return { seq: events + 1, problem: read.problem };
  const { cp } = read;
  if (events < cp.seq) {
    return { seq: events + 1, problem: `the registry ends at seq ${events} but the head checkpoint of ${cp.at} names seq ${cp.seq}: its tail was cut off (events ${events + 1}..${cp.seq} are missing)` };
  }
  if (cp.seq > 0 && hashAt !== cp.hash) return { seq: cp.seq, problem: `event ${cp.seq} is not the one the head checkpoint of ${cp.at} names` };
  return undefined;
}

export function writeCheckpoint(file: string, head: Pick<ChainHead, 'seq' | 'hash'>, key: KeyObject): void {
  const at = new Date().toISOString();
  const cp: HeadCheckpoint = { kind: KIND, seq: head.seq, hash: head.hash, at, sig: signHash(digest(head.seq, head.hash, at), key) };
  mkdirSync(dirname(file), { recursive: true });
  // write then rename: a reader never sees half a checkpoint
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(cp)}\n`);
  renameSync(tmp, file);
}

/** keeps the checkpoint at most everyMs behind the heads it is told of (signing and renaming cost ~0.2 ms) */
export class CheckpointWriter {
  private pending: Pick<ChainHead, 'seq' | 'hash'> | undefined;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: CheckpointOptions,
    /** the key in force when a checkpoint is written (a rotation changes it) */
    private readonly key: () => KeyObject,
    private written: number,
  ) {}

  /** a committed head */
  note(seq: number, hash: string): void {
    if (seq <= this.written || (this.pending && seq <= this.pending.seq)) return;
    this.pending = { seq, hash };
    const wait = this.lastWrite + this.opts.everyMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait).unref();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const head = this.pending;
    if (!head) return;
    this.pending = undefined;
    writeCheckpoint(this.opts.file, head, this.key());
    this.written = head.seq;
    this.lastWrite = Date.now();
  }
}

/**
 * a writing store's checkpoint, given what the file held and the hash of the event at its seq.
 * a registry the checkpoint shows cut off (or rewritten) is refused, so the evidence is never
 * overwritten; with no checkpoint yet, the head found is written now.
 */
export function startCheckpoint(
  opts: CheckpointOptions,
  key: () => KeyObject,
  read: CheckpointRead,
  head: ChainHead,
  hashAtCheckpoint: string | undefined,
): CheckpointWriter {
  const bad = read.state === 'missing' ? undefined : tailProblem(read, opts.file, head.seq, hashAtCheckpoint);
  if (bad) {
    throw new OlaError('OLA_ERR_REGISTRY_TAMPERED', `${bad.problem}; \`ola registry verify\` says more (if this is another registry, move ${opts.file} aside)`);
  }
  const writer = new CheckpointWriter(opts, key, read.state === 'ok' ? read.cp.seq : -1);
  writer.note(head.seq, head.hash);
  return writer;
}
