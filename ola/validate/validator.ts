// validate: transpile ts (esbuild), parse (acorn), apply the rules, check exports,
// and turn the module into a script for the sandbox.
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { parse, type Node } from 'acorn';
import { transform } from 'esbuild';
import type { Rejection, ValidatedSource, Validator } from '../core/contracts.ts';
import type { Language } from '../core/vocabulary.ts';
import { sha256Hex } from '../registry/chain.ts';
import { checkRules, exportedNames } from './rules.ts';

export const MAX_SOURCE_BYTES = 64 * 1024;
const TARGET = 'es2022';

type Result = { ok: true; value: ValidatedSource } | { ok: false; rejections: Rejection[] };

/** validation is a pure function of its input: results are kept by content */
const CACHE_SIZE = 512;

export class AstValidator implements Validator {
  private readonly cache = new Map<string, Result>();

  async validate(input: { source: string; language: Language; requiredExports: readonly string[] }): Promise<Result> {
    const key = `${sha256Hex(input.source)}:${input.language}:${input.requiredExports.join(',')}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const result = await this.check(input);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, result);
    return result;
  }

  private async check(input: { source: string; language: Language; requiredExports: readonly string[] }): Promise<Result> {
    const { source, language, requiredExports } = input;
    const bytes = Buffer.byteLength(source);
    if (bytes > MAX_SOURCE_BYTES) {
      return reject({ code: 'OLA_ERR_SOURCE_TOO_LARGE', rule: 'max-size', message: `source is ${bytes} bytes; the limit is ${MAX_SOURCE_BYTES}` });
    }
    let module = source;
    let map: TraceMap | undefined;
    if (language === 'ts') {
      const out = await transpile(source);
      if (!out.ok) return out;
      module = out.code;
      map = out.map;
    }
    let ast: Node;
    try {
      ast = parse(module, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
    } catch (err) {
      const e = err as SyntaxError & { loc?: { line: number; column: number } };
      const pos = toSource(map, e.loc?.line, e.loc?.column);
      return reject({ code: 'OLA_ERR_PARSE', rule: 'parse', message: e.message.replace(/ \(\d+:\d+\)$/, ''), ...pos });
    }
    const broken = checkRules(ast).map((r) => ({ ...r, ...toSource(map, r.line, r.column === undefined ? undefined : r.column - 1) }));
    if (broken.length > 0) return { ok: false, rejections: broken };
    const exports = exportedNames(ast);
    const missing = requiredExports.filter((name) => !exports.includes(name));
    if (missing.length > 0) {
      return {
        ok: false,
        rejections: missing.map((name) => ({ code: 'OLA_ERR_MISSING_EXPORT', rule: 'required-exports', message: `the niche requires an export named '${name}'` })),
      };
    }
    return { ok: true, value: { source, sha256: sha256Hex(source), module, script: await toScript(module), exports } };
  }
}

/** the module as a strict script assigning its exports to a global the driver reads */
export async function toScript(module: string): Promise<string> {
  const out = await transform(module, { loader: 'js', format: 'iife', globalName: '__artifact', target: TARGET });
  // modules are strict; the iife must stay so (writes to frozen intrinsics then throw)
  return `'use strict';\n${out.code}`;
}

function reject(r: Rejection): Result {
  return { ok: false, rejections: [r] };
}

async function transpile(source: string): Promise<{ ok: true; code: string; map: TraceMap } | { ok: false; rejections: Rejection[] }> {
  try {
    const out = await transform(source, { loader: 'ts', format: 'esm', target: TARGET, sourcemap: 'external', sourcefile: 'artifact.ts' });
    return { ok: true, code: out.code, map: new TraceMap(out.map) };
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors ?? [];
    const rejections: Rejection[] = errors.map((e) => ({
      code: 'OLA_ERR_TRANSPILE',
      rule: 'transpile',
      message: e.text,
      line: e.location?.line,
      column: e.location === undefined ? undefined : e.location.column + 1,
    }));
    return { ok: false, rejections: rejections.length > 0 ? rejections : [{ code: 'OLA_ERR_TRANSPILE', rule: 'transpile', message: String(err) }] };
  }
}

/** map a position in transpiled js back to the submitted ts (1-based column out) */
function toSource(map: TraceMap | undefined, line?: number, column0?: number): { line?: number; column?: number } {
  if (line === undefined || column0 === undefined) return {};
  if (!map) return { line, column: column0 + 1 };
  const pos = originalPositionFor(map, { line, column: column0 });
  return pos.line === null ? { line, column: column0 + 1 } : { line: pos.line, column: pos.column + 1 };
}
