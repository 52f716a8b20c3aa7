import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, OlaError, asOlaError } from './errors.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it('documents every code with its status in docs/errors.md', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
      expect(row, `${code} is not documented`).toBeDefined();
      expect(row).toContain(`| ${status} |`);
    }
  });

  it('documents no code that does not exist', () => {
    const documented = [...doc.matchAll(/^\| `(OLA_ERR_\w+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('carries its status and serialises without the stack', () => {
    const e = new OlaError('OLA_ERR_UNKNOWN_NICHE', 'no', { field: 'niche' });
    expect(e.status).toBe(422);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'OLA_ERR_UNKNOWN_NICHE', message: 'no', detail: { field: 'niche' } });
    expect(asOlaError(new Error('x')).code).toBe('OLA_ERR_INTERNAL');
  });
});
