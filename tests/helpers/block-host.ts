// a block from the evolve library as host functions, for its own tests (blocks are trusted
// source: the library's files, never an artifact's).
import { withNeeds } from '../../ola/proposers/evolve/blocks/catalog.ts';

/** the block's functions by name (any: each test knows the signatures it calls) */
export type BlockFns = Record<string, any>;

export function hostBlock(name: string): BlockFns {
  const blocks = withNeeds([name]);
  const names = blocks.flatMap((b) => b.provides);
  const body = `'use strict';\n${blocks.map((b) => b.source).join('\n')}\nreturn { ${names.join(', ')} };`;
  return new Function(body)() as BlockFns;
}
