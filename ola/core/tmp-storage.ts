// a throwaway storage folder (tests and benchmarks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tmpStorage(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ola-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
