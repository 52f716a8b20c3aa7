// the corpus: real files the project installs (text, source, json, a native binary),
// a seeded log, and gzip of a text. built once per process, the same bytes every time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildLog } from './log-corpus.ts';

export const KINDS = ['text', 'source', 'json', 'binary', 'logs', 'compressed'] as const;
export type FileKind = (typeof KINDS)[number];

/** every corpus file holds at least this much, so any slice fits */
export const MIN_FILE_BYTES = 96 * 1024;
const LOG_SEED = 0x10c5;
const LOG_BYTES = 384 * 1024;
const GZIP_LEVEL = 6;

export interface CorpusFile {
  kind: FileKind;
  /** where the bytes came from, relative to the project root */
  origin: string;
  bytes: Uint8Array;
}

/** a candidate is one or more files read and joined; all of them must exist */
type Candidate = readonly string[];

const NM = 'node_modules';
const CANDIDATES: Record<Exclude<FileKind, 'logs' | 'compressed'>, readonly Candidate[]> = {
  text: [
    ['fastify/docs/Reference/Server.md', 'fastify/docs/Reference/Reply.md', 'fastify/docs/Reference/Hooks.md'],
    ['pino/docs/api.md', 'pino/docs/transports.md', 'pino/docs/help.md'],
    ['vite/LICENSE.md'],
  ],
  source: [['typescript/lib/lib.es5.d.ts'], ['acorn/dist/acorn.js'], ['typescript/lib/typescript.d.ts']],
  json: [
    ['typescript/lib/de/diagnosticMessages.generated.json'],
    ['typescript/lib/fr/diagnosticMessages.generated.json'],
    ['typescript/lib/es/diagnosticMessages.generated.json'],
  ],
  binary: [
    ['isolated-vm/prebuilds/linux-x64/isolated-vm.abi137.glibc.node'],
    ['better-sqlite3/build/Release/better_sqlite3.node'],
    ['@esbuild/linux-x64/bin/esbuild'],
  ],
};
/** texts whose gzip is the already-compressed kind (big enough that gzip stays over the minimum) */
const GZIP_SOURCES: readonly Candidate[] = [['typescript/lib/lib.dom.d.ts'], ['typescript/lib/lib.webworker.d.ts'], ['typescript/lib/typescript.d.ts']];

/** the project root: the nearest folder above this module with package.json and node_modules */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, NM))) return dir;
    if (dirname(dir) === dir) throw new Error(`fuse.compress corpus: no project root above ${from}`);
  }
}

function readCandidate(root: string, c: Candidate): CorpusFile | undefined {
  const paths = c.map((p) => join(root, NM, p));
  if (!paths.every((p) => existsSync(p))) return undefined;
  const bytes = new Uint8Array(Buffer.concat(paths.map((p) => readFileSync(p))));
  return { kind: 'text', origin: paths.map((p) => relative(root, p)).join('+'), bytes };
}

function firstOf(root: string, kind: FileKind, candidates: readonly Candidate[], minBytes: number): CorpusFile {
  for (const c of candidates) {
    const f = readCandidate(root, c);
    if (f && f.bytes.length >= minBytes) return { ...f, kind };
  }
  return missing(kind, root, candidates);
}

function missing(kind: FileKind, root: string, candidates: readonly Candidate[]): never {
  const tried = candidates.map((c) => c.join('+')).join(', ');
  throw new Error(`fuse.compress corpus: cannot build kind '${kind}' under ${join(root, NM)} (tried ${tried})`);
}

/** builds one kind from scratch; throws a clear error when no candidate exists */
export function buildCorpusFile(kind: FileKind, root: string): CorpusFile {
  if (kind === 'logs') return { kind, origin: `generated log (seed ${LOG_SEED})`, bytes: buildLog(LOG_SEED, LOG_BYTES) };
  if (kind === 'compressed') {
    // gzip of a fixed text at a fixed level is deterministic for a given zlib
    for (const c of GZIP_SOURCES) {
      const src = readCandidate(root, c);
      const bytes = src && new Uint8Array(gzipSync(src.bytes, { level: GZIP_LEVEL }));
      if (src && bytes && bytes.length >= MIN_FILE_BYTES) return { kind, origin: `gzip -${GZIP_LEVEL} ${src.origin}`, bytes };
    }
    return missing(kind, root, GZIP_SOURCES);
  }
  return firstOf(root, kind, CANDIDATES[kind], MIN_FILE_BYTES);
}

const cache = new Map<FileKind, CorpusFile>();

/** the corpus file of a kind under this project, read once per process */
export function corpusFile(kind: FileKind): CorpusFile {
  let f = cache.get(kind);
  if (!f) {
    f = buildCorpusFile(kind, projectRoot());
    cache.set(kind, f);
  }
  return f;
}
