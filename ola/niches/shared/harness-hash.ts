// the hash of a niche's harness: every file of its folder but tests and the baseline.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function harnessHash(dir: string): string {
  const h = createHash('sha256');
  const files = readdirSync(dir)
    .filter((f) => !f.includes('.test.') && !f.startsWith('baseline'))
    .sort();
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(dir, f))).update('\0');
  return h.digest('hex');
}

export function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}
