// imports run one way: app -> features -> shared; a feature never imports another feature.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
}

/** app | shared | features/<name> | main */
function area(file: string): string {
  const [top, name] = relative(SRC, file).split('/');
  return top === 'features' ? `features/${name}` : top!.replace(/\.tsx?$/, '');
}

export function violations(): string[] {
  const out: string[] = [];
  for (const file of files(SRC)) {
    if (file.endsWith('.test.ts')) continue;
    const from = area(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)) {
      const to = area(resolve(dirname(file), m[1]!));
      const ok =
        from === to ||
        to === 'shared' ||
        (from === 'app' && to.startsWith('features/')) ||
        (from === 'main' && to === 'app');
      if (!ok) out.push(`${relative(SRC, file)} imports ${m[1]} (${from} -> ${to})`);
    }
  }
  return out;
}

describe('observer-ui import boundaries', () => {
  it('app -> features -> shared, and no feature imports another', () => {
    expect(violations()).toEqual([]);
  });

  it('the check sees a violation when there is one', () => {
    expect(area(join(SRC, 'features/graph/components/x.tsx'))).toBe('features/graph');
    expect(area(resolve(join(SRC, 'shared/api'), '../../features/events/lib/event-log.ts'))).toBe('features/events');
    expect(area(join(SRC, 'app/app.tsx'))).toBe('app');
  });
});
