import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { tmpStorage } from '../../core/tmp-storage.ts';
import { nodeId } from './jail-files.ts';

const t = tmpStorage();
afterAll(() => t.cleanup());

it('names the staged node by its content: two checkouts of one version share one copy', () => {
  const [a, b, c] = ['a', 'b', 'c'].map((x) => join(t.dir, `node-of-checkout-${x}`));
  writeFileSync(a!, 'the same binary');
  writeFileSync(b!, 'the same binary');
  writeFileSync(c!, 'another version');
  const stage = join(t.dir, 'stage');
  mkdirSync(stage);
  const id = nodeId(stage, a!);
  expect(id).toMatch(/^[0-9a-f]{16}$/);
  expect(nodeId(stage, b!)).toBe(id);
  expect(nodeId(stage, c!)).not.toBe(id);
  // the id is remembered per path, size and mtime: hashed once, read after; a damaged memo is hashed again
  const memos = readdirSync(stage).filter((f) => f.startsWith('node-id-'));
  expect(memos).toHaveLength(3);
  for (const m of memos) writeFileSync(join(stage, m), 'not an id');
  expect(nodeId(stage, a!)).toBe(id);
  expect(memos.map((m) => readFileSync(join(stage, m), 'utf8'))).toContain(id);
});
