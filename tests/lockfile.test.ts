// the committed lock must be what `npm install` writes, or a fresh clone rewrites it and
// `npm ci` can disagree with it: every optional (per-platform) package must be listed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Entry {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const root = join(import.meta.dirname, '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, Entry> };
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Entry;

/** where node would find `name` from the package at `from` (its own node_modules, then upwards) */
function resolves(from: string, name: string): boolean {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    if (`${dir ? `${dir}/` : ''}node_modules/${name}` in lock.packages) return true;
    if (!dir) return false;
  }
}

describe('package-lock.json', () => {
  it('lists the dependencies package.json declares', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages['']!.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
    expect(lock.packages['']!.devDependencies ?? {}).toEqual(pkg.devDependencies ?? {});
  });

  it('lists every optional dependency, for every platform, so npm install keeps it as is', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) if (!resolves(path, name)) missing.push(`${path || '(root)'} -> ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
