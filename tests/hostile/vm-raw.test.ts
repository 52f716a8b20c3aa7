// the vm's walls on their own, and its snapshot revert: payloads run as the guest's own
// program (test-only raw mode: every node api, root in the guest). what one run leaves (files,
// processes) is gone after the revert; the host's files and network are out of reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestImage } from '../../ola/sandbox/vm/guest-image.ts';
import { probeKvm } from '../../ola/sandbox/vm/kvm-probe.ts';
import { Machine } from '../../ola/sandbox/vm/machine.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

let m: Machine;
let t: TestLab;
let next = 1;

/** runs a payload (an es module whose default export is awaited) in the guest */
function inGuest(code: string, timeoutMs = 60_000): Promise<{ ok: boolean; value?: any; error?: string }> {
  const id = next++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`payload ${id} did not answer`)), timeoutMs);
    m.attach((msg) => {
      const r = msg as { id: number; ok: boolean };
      if (r.id === id) {
        clearTimeout(timer);
        resolve(r);
      }
    });
    m.send({ id, code });
  });
}

beforeAll(async () => {
  t = await startTestLab();
  const image = await guestImage();
  const { accel } = await probeKvm(image);
  m = await Machine.boot(image, { accel, memoryMb: 1024, bootTimeoutMs: 180_000, raw: true });
  await m.snapshot('clean');
}, 300_000);
afterAll(async () => {
  m?.kill();
  await t.close();
});

describe('the vm stage, raw', () => {
  it('reverts what a run leaves: a marker file and a process are gone in the next run', async () => {
    const left = await inGuest(`
      import { writeFileSync } from 'node:fs'; import { spawn } from 'node:child_process';
      writeFileSync('/tmp/marker', 'left behind'); writeFileSync('/marker', 'left behind');
      const p = spawn('/bin/sleep', ['600'], { detached: true, stdio: 'ignore' }); p.unref();
      export default p.pid;`);
    expect(left).toMatchObject({ ok: true });
    expect(left.value).toBeGreaterThan(1);
    const seen = await inGuest(`import { existsSync } from 'node:fs'; export default [existsSync('/tmp/marker'), existsSync('/marker')];`);
    expect(seen.value).toEqual([true, true]);

    await m.revert('clean');
    const after = await inGuest(`
      import { existsSync, readdirSync, readFileSync } from 'node:fs';
      const procs = readdirSync('/proc').filter((d) => /^\\d+$/.test(d)).map((d) => { try { return readFileSync('/proc/' + d + '/cmdline', 'utf8'); } catch { return ''; } });
      export default { tmp: existsSync('/tmp/marker'), root: existsSync('/marker'), sleep: procs.some((c) => c.startsWith('/bin/sleep')) };`);
    // (its pid number may name another process after the revert: what matters is no sleep runs)
    expect(after).toMatchObject({ ok: true, value: { tmp: false, root: false, sleep: false } });
  }, 120_000);

  it('has no way to the host: no network device, no shared folder, no host files', async () => {
    const r = await inGuest(`
      import { existsSync, readFileSync } from 'node:fs'; import { networkInterfaces } from 'node:os';
      const mounts = readFileSync('/proc/mounts', 'utf8');
      export default { ifaces: Object.keys(networkInterfaces()).filter((n) => n !== 'lo'), netdevs: readFileSync('/proc/net/dev', 'utf8').split('\\n').slice(2).map((l) => l.split(':')[0].trim()).filter((n) => n && n !== 'lo'),
        shared: /9p|virtiofs|nfs|cifs/.test(mounts), shadow: existsSync('/etc/shadow'), work: existsSync('/work'), storage: existsSync(${JSON.stringify(t.dir)}) };`);
    expect(r).toMatchObject({ ok: true, value: { ifaces: [], netdevs: [], shared: false, shadow: false, work: false, storage: false } });
  }, 60_000);

  it('contains a fork bomb and a memory bomb inside the guest; the revert brings it back', async () => {
    const bomb = inGuest(`
      import { spawn } from 'node:child_process';
      for (let i = 0; i < 2000; i++) { try { spawn('/bin/sh', ['-c', 'while :; do :; done'], { detached: true, stdio: 'ignore' }).unref(); } catch {} }
      const hoard = []; for (;;) hoard.push(Buffer.alloc(1 << 24, 1));`, 30_000).catch((e: Error) => ({ ok: false, error: e.message }));
    const outcome = await bomb;
    expect(outcome.ok).toBe(false);
    // the guest may have died (its init killed by the oom killer): either way the host is fine
    if (m.exited) return;
    await m.revert('clean');
    const r = await inGuest(`export default 6 * 7;`);
    expect(r).toMatchObject({ ok: true, value: 42 });
  }, 120_000);

  it('leaves the lab healthy, with a registry that verifies', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json().status).toBe('ok');
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
  });
});
