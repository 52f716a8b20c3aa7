// closing a pool whose child ignores the shutdown message and leaves nothing else running: the
// close kills it after its grace and settles. run in a process of its own, where an emptied
// event loop shows as an exit before the close settled (code 13 under a top-level await).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

const SCRIPT = `
import { ChildProcess } from 'node:child_process';
import { ChildPool } from ${JSON.stringify(join(ROOT, 'ola/sandbox/child-pool.ts'))};
import { Msg } from ${JSON.stringify(join(ROOT, 'ola/sandbox/protocol.ts'))};
// a child with no process behind it (as the vm's and container's are): it exits only when killed
const launch = () => {
  const proc = new ChildProcess();
  let gone = false;
  Object.assign(proc, { send: (_m, done) => (typeof done === 'function' && done(null), true) });
  setImmediate(() => proc.emit('message', { kind: Msg.Ready }));
  return { proc, kill: () => { if (!gone) { gone = true; setImmediate(() => proc.emit('exit', null, 'SIGKILL')); } } };
};
const pool = new ChildPool({ size: 1, graceMs: 100, launch, warm: true });
pool.warmUp();
await new Promise((r) => setTimeout(r, 50));
const t0 = performance.now();
await pool.close();
console.log('closed after ' + Math.round(performance.now() - t0) + ' ms');
`;

it('a pool whose child ignores the shutdown still closes, killing it after the grace', () => {
  const r = spawnSync(process.execPath, ['--no-node-snapshot', '--import', join(ROOT, 'node_modules/tsx/dist/loader.mjs'), '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 30_000 });
  expect(r.stderr).not.toMatch(/unsettled top-level await/);
  expect(r.status, r.stderr).toBe(0);
  const ms = Number(/closed after (\d+) ms/.exec(r.stdout)?.[1]);
  // the kill comes after the shutdown's grace of 2 s
  expect(ms).toBeGreaterThanOrEqual(1900);
  expect(ms).toBeLessThan(10_000);
});
