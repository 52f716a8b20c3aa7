// the real file a scenario's reads hit: an aes-128-ctr keystream from the scenario seed,
// made once under the storage dir and reused while its size, stored sha256 and content agree.
import { createCipheriv, createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IoTruth } from './scenarios.ts';

const CHUNK = 1 << 20;
const SPOT_BYTES = 4096;
/** paths checked in this process: the full hash is paid once, not per judged run */
const verified = new Set<string>();

function key(seed: number): Buffer {
  return createHash('sha256').update(`io.coalesce:content:${seed >>> 0}`).digest().subarray(0, 16);
}

/** ctr mode makes any 16-byte-aligned block computable on its own: the counter is the block index */
export function expectedBytes(seed: number, offset: number, length: number): Buffer {
  const first = Math.floor(offset / 16);
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(Math.floor(first / 2 ** 32), 8);
  iv.writeUInt32BE(first % 2 ** 32, 12);
  const skip = offset - first * 16;
  const stream = createCipheriv('aes-128-ctr', key(seed), iv).update(Buffer.alloc(skip + length));
  return stream.subarray(skip, skip + length);
}

function sidecar(path: string): string {
  return `${path}.sha256`;
}

function generate(truth: IoTruth): void {
  mkdirSync(dirname(truth.path), { recursive: true });
  // write beside and rename: a concurrent judge never sees a half-written file
  const tmp = `${truth.path}.tmp-${process.pid}`;
  const cipher = createCipheriv('aes-128-ctr', key(truth.contentSeed), Buffer.alloc(16));
  const hash = createHash('sha256');
  const zeros = Buffer.alloc(CHUNK);
  const fd = openSync(tmp, 'w');
  try {
    for (let done = 0; done < truth.fileSize; ) {
      const n = Math.min(CHUNK, truth.fileSize - done);
      const block = cipher.update(n === CHUNK ? zeros : zeros.subarray(0, n));
      hash.update(block);
      for (let w = 0; w < block.length; ) w += writeSync(fd, block, w, block.length - w);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, truth.path);
  writeFileSync(`${sidecar(truth.path)}.tmp-${process.pid}`, hash.digest('hex'));
  renameSync(`${sidecar(truth.path)}.tmp-${process.pid}`, sidecar(truth.path));
}

function fileSha256(path: string, size: number): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(path, 'r');
  try {
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, size - pos), pos);
      if (n <= 0) break;
      hash.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** size, stored hash, and a few blocks against the generator (the hash alone cannot tell a foreign file) */
function intact(truth: IoTruth): boolean {
  try {
    if (statSync(truth.path).size !== truth.fileSize) return false;
    const stored = readFileSync(sidecar(truth.path), 'utf8').trim();
    if (fileSha256(truth.path, truth.fileSize) !== stored) return false;
    const fd = openSync(truth.path, 'r');
    try {
      for (const at of [0, Math.floor(truth.fileSize / 2), truth.fileSize - SPOT_BYTES]) {
        const got = Buffer.alloc(SPOT_BYTES);
        readSync(fd, got, 0, SPOT_BYTES, at);
        if (!got.equals(expectedBytes(truth.contentSeed, at, SPOT_BYTES))) return false;
      }
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

function sizeIs(truth: IoTruth): boolean {
  try {
    return statSync(truth.path).size === truth.fileSize;
  } catch {
    return false;
  }
}

/** makes the scenario's file if it is missing or wrong; returns whether it had to */
export function ensureBackingFile(truth: IoTruth): boolean {
  if (verified.has(truth.path) && sizeIs(truth)) return false;
  const made = !intact(truth);
  if (made) generate(truth);
  verified.add(truth.path);
  return made;
}

/** forget what this process verified (tests that damage a file) */
export function forgetVerified(): void {
  verified.clear();
}
