// the library of generic building blocks: small pure algorithms, each a file of top-level
// function declarations in the artifact language, that an operator may insert into an
// artifact. nothing here is one niche's answer. `provides` is read from the source itself.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModule, topFunctions } from '../ast.ts';

export interface Block {
  name: string;
  /** what it gives an artifact, in a line */
  about: string;
  /** the functions it declares (from its source) */
  provides: string[];
  /** the same with their parameters, e.g. 'ringPush(r, x)' */
  signatures: string[];
  /** blocks whose functions it calls */
  needs: string[];
  source: string;
}

interface BlockSpec {
  name: string;
  about: string;
  needs?: string[];
}

const SPECS: BlockSpec[] = [
  { name: 'least-squares', about: 'a weighted least-squares line over a window, with an optional prior on the slope; its value at x and residuals' },
  { name: 'exp-smoothing', about: 'an exponential moving average for uneven time steps, and holt level-and-trend smoothing with a forecast' },
  { name: 'count-min', about: 'approximate frequency counts of integer keys in a count-min sketch, with halving to age them' },
  { name: 'bits', about: 'bit-level writing and reading (least significant bit first) over a growing byte buffer' },
  { name: 'huffman', about: 'canonical prefix codes: length-limited code lengths from counts, codes, encode and decode of symbols', needs: ['bits'] },
  { name: 'hash', about: 'fnv-1a over bytes, a 32-bit integer mixer, a multiplicative hash of 4 bytes' },
  { name: 'ring-buffer', about: 'a fixed-size ring of the newest numbers: push, index from either end, mean, values' },
  { name: 'small-sort', about: 'insertion sort of a range, a stable argsort, the median of a range' },
  { name: 'binary-search', about: 'lower and upper bound in a sorted array, sorted insert' },
];

const dir = fileURLToPath(new URL('.', import.meta.url));

function load(spec: BlockSpec): Block {
  const source = readFileSync(`${dir}${spec.name}.js`, 'utf8');
  const fns = topFunctions(parseModule(source));
  const signatures = [...fns].map(([name, f]) => `${name}(${(f.fn.params as { name?: string }[]).map((p) => p.name ?? '?').join(', ')})`);
  return { name: spec.name, about: spec.about, needs: spec.needs ?? [], provides: [...fns.keys()], signatures, source };
}

export const BLOCKS: readonly Block[] = SPECS.map(load);

export function block(name: string): Block {
  const b = BLOCKS.find((x) => x.name === name);
  if (!b) throw new Error(`no block named ${name}`);
  return b;
}

/** the blocks these names need, dependencies first, each once */
export function withNeeds(names: readonly string[]): Block[] {
  const out: Block[] = [];
  const visit = (name: string) => {
    if (out.some((b) => b.name === name)) return;
    const b = block(name);
    b.needs.forEach(visit);
    out.push(b);
  };
  names.forEach(visit);
  return out;
}

/**
 * an artifact module with these blocks (and what they need) appended; a block it already
 * declares is left out, and one whose names it partly uses is refused (a module may not
 * declare a function twice)
 */
export function withBlocks(module: string, names: readonly string[]): string {
  const have = topFunctions(parseModule(module));
  const add: Block[] = [];
  for (const b of withNeeds(names)) {
    const clash = b.provides.filter((f) => have.has(f));
    if (clash.length === b.provides.length) continue;
    if (clash.length > 0) throw new Error(`block ${b.name}: the module already declares ${clash.join(', ')}`);
    add.push(b);
  }
  return [module.trimEnd(), ...add.map((b) => b.source.trimEnd())].join('\n\n') + '\n';
}
