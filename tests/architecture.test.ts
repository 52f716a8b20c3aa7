// the import graph: no cycles, and roles import one way (core below everything; the sandbox
// knows nothing of promotion, the lifecycle, the api or the lab).
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const graph = await madge('ola', { fileExtensions: ['ts'], tsConfig: 'tsconfig.json', excludeRegExp: [/\.test\.ts$/] });
const deps = graph.obj();

function importsFrom(prefix: string, forbidden: string[]): string[] {
  return Object.entries(deps).flatMap(([file, to]) =>
    file.startsWith(prefix) ? to.filter((t) => forbidden.some((f) => t.startsWith(f))).map((t) => `${file} -> ${t}`) : [],
  );
}

describe('the import graph of ola/', () => {
  it('has no cycles', () => {
    expect(graph.circular()).toEqual([]);
  });

  it('keeps core/ below everything', () => {
    const outside = Object.entries(deps).flatMap(([file, to]) => (file.startsWith('core/') ? to.filter((t) => !t.startsWith('core/')).map((t) => `${file} -> ${t}`) : []));
    expect(outside).toEqual([]);
  });

  it('keeps the sandbox free of promotion, lifecycle, api and the lab', () => {
    expect(importsFrom('sandbox/', ['promotion/', 'lifecycle/', 'api/', 'lab.ts', 'proposers/'])).toEqual([]);
  });

  it('keeps promotion/ free of the api and the lab', () => {
    expect(importsFrom('promotion/', ['api/', 'lab.ts', 'cli/'])).toEqual([]);
  });
});
