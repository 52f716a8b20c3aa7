import { describe, expect, it } from 'vitest';
import { AstValidator } from './validator.ts';

const v = new AstValidator();
const need = ['estimate'];

async function rejections(source: string, language: 'js' | 'ts' = 'js') {
  const r = await v.validate({ source, language, requiredExports: need });
  if (r.ok) throw new Error('expected a rejection');
  return r.rejections;
}

describe('validator', () => {
  it('accepts a plain module and turns it into a script', async () => {
    const r = await v.validate({ source: 'export function estimate(x) { return x + 1; }', language: 'js', requiredExports: need });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.exports).toEqual(['estimate']);
      expect(r.value.script).toContain('__artifact');
      expect(r.value.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('transpiles typescript and reports ts positions', async () => {
    const ok = await v.validate({ source: 'export function estimate(x: number): number { return x; }', language: 'ts', requiredExports: need });
    expect(ok.ok).toBe(true);
    const bad = await rejections('type T = number;\nexport function estimate(x: T): T {\n  return process.hrtime();\n}', 'ts');
    expect(bad[0]).toMatchObject({ rule: 'no-process', line: 3, column: 10 });
    const broken = await rejections('export function estimate(x: number { }', 'ts');
    expect(broken[0]).toMatchObject({ code: 'OLA_ERR_TRANSPILE', line: 1 });
  });

  it.each([
    ["import fs from 'fs';\nexport function estimate() {}", 'no-import', 1, 1],
    ["export function estimate() { return require('fs'); }", 'no-require', 1, 37],
    ["export function estimate() { return import('fs'); }", 'no-dynamic-import', 1, 37],
    ['export function estimate() { return eval("1"); }', 'no-eval', 1, 37],
    ['export function estimate() { return new Function("return 1")(); }', 'no-function-constructor', 1, 41],
    ['export function estimate() { return globalThis.x; }', 'no-global-object', 1, 37],
    ['export function estimate() { return process.env; }', 'no-process', 1, 37],
    ['export function estimate() { debugger; }', 'no-debugger', 1, 30],
    ["export function estimate() { return ''.constructor.constructor('return this')(); }", 'no-constructor-chain', 1, 40],
    ["export function estimate() { return ({})['constructor']; }", 'no-constructor-chain', 1, 42],
    ['export function estimate() { return ({}).__proto__; }', 'no-proto', 1, 42],
    ['export function estimate() { return { __proto__: null }; }', 'no-proto', 1, 39],
    ["export * from 'x';\nexport function estimate() {}", 'no-import', 1, 1],
    ['export function estimate() { return import.meta.url; }', 'no-import-meta', 1, 37],
    ['export function estimate() { return new Proxy({}, {}); }', 'no-proxy', 1, 41],
  ])('rejects %s with %s at line:column', async (source, rule, line, column) => {
    const r = await rejections(source);
    expect(r[0]).toMatchObject({ rule, line, column, code: 'OLA_ERR_FORBIDDEN_CONSTRUCT' });
    expect(r[0]!.message.length).toBeGreaterThan(5);
  });

  it('rejects source that does not parse, with its position', async () => {
    const r = await rejections('export function estimate( {\n  return 1;\n}');
    expect(r[0]).toMatchObject({ code: 'OLA_ERR_PARSE', line: 2 });
  });

  it('rejects with statements (a syntax error in a module)', async () => {
    const r = await rejections('export function estimate(o) { with (o) { return 1; } }');
    expect(r[0]).toMatchObject({ code: 'OLA_ERR_PARSE', line: 1, column: 31, message: expect.stringMatching(/strict/) });
  });

  it('rejects a missing export by name', async () => {
    const r = await rejections('export function other() {}');
    expect(r[0]).toMatchObject({ code: 'OLA_ERR_MISSING_EXPORT', message: expect.stringContaining("'estimate'") });
  });

  it('rejects source over 64 KB before parsing it', async () => {
    const r = await rejections(`export function estimate() {}\n//${'x'.repeat(64 * 1024)}`);
    expect(r[0]).toMatchObject({ code: 'OLA_ERR_SOURCE_TOO_LARGE', rule: 'max-size' });
  });

  it('collects every exported name form', async () => {
    const r = await v.validate({
      source: 'function a() {}\nexport const estimate = () => 1, b = 2;\nexport { a as c };\nexport default 3;',
      language: 'js',
      requiredExports: ['estimate', 'c', 'default', 'b'],
    });
    expect(r.ok).toBe(true);
  });
});
