// a lab whose close waits on a step that nothing will settle: node's event loop empties and it
// exits mid-close. the lab says which step it was in (run in a process of its own, where that
// exit is code 13 under a top-level await), and a lab that closes normally says nothing.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

const script = (stuck: boolean) => `
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from ${JSON.stringify(join(ROOT, 'ola/core/config.ts'))};
import { createLab } from ${JSON.stringify(join(ROOT, 'ola/lab.ts'))};
import { writeSeededKey } from ${JSON.stringify(join(ROOT, 'ola/registry/keys.ts'))};
const dir = mkdtempSync(join(tmpdir(), 'ola-close-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
writeSeededKey(dir, Buffer.alloc(32, 3));
const lab = await createLab(loadConfig({ storage: { dir }, senses: { enabled: false }, server: { logLevel: 'silent' }, promotion: { enabled: false } }));
// a stage runner whose close never settles and holds nothing open
${stuck ? 'lab.stages.close = () => new Promise(() => {});' : ''}
await lab.close();
console.log('closed');
`;

function run(stuck: boolean) {
  return spawnSync(process.execPath, ['--no-node-snapshot', '--import', join(ROOT, 'node_modules/tsx/dist/loader.mjs'), '--input-type=module', '-e', script(stuck)], { encoding: 'utf8', timeout: 60_000 });
}

it('names the step a close was stuck in when the event loop empties', () => {
  const r = run(true);
  expect(r.stdout).not.toContain('closed');
  expect(r.stderr).toContain('lab close: the event loop emptied while the stages step was still closing');
  expect(r.status).toBe(13);
});

it('says nothing when the close settles', () => {
  const r = run(false);
  expect(r.stderr).not.toContain('lab close:');
  expect(r.stdout).toContain('closed');
  expect(r.status, r.stderr).toBe(0);
});
