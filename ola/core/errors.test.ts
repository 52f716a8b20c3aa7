import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, OlaError, asOlaError, type ErrorCode } from './errors.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

/** what the "seen as" column must say: the status only for codes that travel as http answers */
function seenAs(code: ErrorCode): string {
  const { status, surface } = ERROR_CODES[code];
  if (surface === 'http') return String(status);
  if (surface === 'rejection') return 'rejection reason';
  if (surface === 'run') return `run reason (${status})`;
  if (surface === 'promotion') return `promotion reason (${status})`;
  return 'cli';
}

describe('error codes', () => {
  it('documents every code with where the user meets it in docs/errors.md', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
      expect(row, `${code} is not documented`).toBeDefined();
      expect(row!.split('|')[2]!.trim(), code).toBe(seenAs(code));
    }
  });

  it('documents no code that does not exist', () => {
    const documented = [...doc.matchAll(/^\| `(OLA_ERR_\w+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('raises every code somewhere in the runtime (a documented code nothing raises misleads)', () => {
    const root = join(import.meta.dirname, '..');
    const sources = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== join('core', 'errors.ts'))
      .map((f) => readFileSync(join(root, f), 'utf8'))
      .join('\n');
    for (const code of Object.keys(ERROR_CODES)) expect(sources, `${code} is raised nowhere`).toContain(`'${code}'`);
  });

  it('gives a status outside 2xx to every code', () => {
    for (const { status } of Object.values(ERROR_CODES)) expect(status).toBeGreaterThanOrEqual(400);
  });

  it('carries its status and serialises without the stack', () => {
    const e = new OlaError('OLA_ERR_UNKNOWN_NICHE', 'no', { field: 'niche' });
    expect(e.status).toBe(422);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'OLA_ERR_UNKNOWN_NICHE', message: 'no', detail: { field: 'niche' } });
    expect(asOlaError(new Error('x')).code).toBe('OLA_ERR_INTERNAL');
  });
});
