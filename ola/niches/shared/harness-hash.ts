// the hash of a niche's harness: every file of its folder but tests and the baseline.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** what every niche reads from its folder: the interface, the driver, the baseline and the harness hash */
export function nicheFiles(moduleUrl: string, driverFiles: string[] = ['driver.js']) {
  const dir = fileURLToPath(new URL('.', moduleUrl));
  return {
    interfaceText: readText(dir, 'interface.d.ts'),
    driver: driverFiles.map((f) => readText(dir, f)).join('\n'),
    baseline: readText(dir, 'baseline.js'),
    harnessHash: harnessHash(dir),
  };
}
