// a container killed while the engine never reports its end (a wait whose answer never comes,
// and nothing else left running): the pool still hears an exit, after the fallback. run in a
// process of its own, where an emptied event loop shows as an exit before the close settled
// (code 13 under a top-level await): what stopped `bench:autopilot`'s lab in its close.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

const SCRIPT = `
import { PassThrough } from 'node:stream';
import { launchContainer } from ${JSON.stringify(join(ROOT, 'ola/sandbox/container/launch.ts'))};
// an engine that makes, attaches and starts the container, removes it when asked, and never
// answers the wait: no socket, no timer, nothing of its own keeps node running
const container = {
  attach: async () => new PassThrough(),
  start: async () => undefined,
  wait: () => new Promise(() => {}),
  inspect: async () => ({ State: { OOMKilled: false } }),
  remove: async () => undefined,
};
const docker = { createContainer: async () => container, modem: { demuxStream: () => undefined } };
const limits = { memoryMb: 64, cpuSeconds: 10, pids: 64, fileSizeMb: 1, nofile: 64 };
const c = launchContainer(docker, { name: 'organic-os-test' }, { readyTimeoutMs: 60_000, limits, exitFallbackMs: 300 });
await new Promise((r) => setTimeout(r, 50));
const t0 = performance.now();
const exited = new Promise((r) => c.proc.once('exit', (code, signal) => r(signal)));
console.log('state: ' + c.state());
c.kill();
console.log('state: ' + c.state());
const signal = await exited;
await c.removed();
console.log('exit ' + signal + ' after ' + Math.round(performance.now() - t0) + ' ms');
`;

it('a killed container whose end the engine never reports still exits, after the fallback', () => {
  const r = spawnSync(process.execPath, ['--no-node-snapshot', '--import', join(ROOT, 'node_modules/tsx/dist/loader.mjs'), '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 30_000 });
  expect(r.stderr).not.toMatch(/unsettled top-level await/);
  expect(r.status, r.stderr).toBe(0);
  const m = /exit (\w+) after (\d+) ms/.exec(r.stdout);
  expect(m?.[1]).toBe('SIGKILL');
  expect(Number(m?.[2])).toBeGreaterThanOrEqual(250);
  // what a stuck close would say of it, before and after the kill
  expect(r.stdout).toContain("state: organic-os-test waiting on the engine's wait\n");
  expect(r.stdout).toContain("state: organic-os-test killed, waiting on the engine's wait, removal asked\n");
});
