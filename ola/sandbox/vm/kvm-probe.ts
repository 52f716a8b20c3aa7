// is kvm usable here? /dev/kvm may exist while nested kvm hangs or refuses the cpu model, so
// the answer is a bounded test boot of the guest under kvm, looking for its init's first line.
// the answer holds until the host reboots (cached by boot id and qemu's version).
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GuestImage } from './guest-image.ts';
import type { Accel } from './machine.ts';

const run = promisify(execFile);
const MARK = 'organic-os: agent on';

export async function probeKvm(image: GuestImage, timeoutMs = 20_000): Promise<{ accel: Accel; why: string }> {
  if (!existsSync('/dev/kvm')) return { accel: 'tcg', why: 'no /dev/kvm on this host' };
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { accel: 'tcg', why: '/dev/kvm is not readable and writable by the lab' };
  }
  const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  const { stdout: version } = await run('qemu-system-x86_64', ['--version']);
  const cache = join(tmpdir(), `organic-os-vm-${process.getuid?.() ?? 0}`, 'kvm-probe.json');
  const key = `${boot}:${version.split('\n')[0]}:${image.hash}`;
  try {
    const hit = JSON.parse(readFileSync(cache, 'utf8')) as { key: string; accel: Accel; why: string };
    if (hit.key === key) return { accel: hit.accel, why: hit.why };
  } catch {
    // no answer yet
  }
  const answer = await testBoot(image, timeoutMs);
  try {
    writeFileSync(cache, JSON.stringify({ key, ...answer }));
  } catch {
    // the next probe boots again
  }
  return answer;
}

function testBoot(image: GuestImage, timeoutMs: number): Promise<{ accel: Accel; why: string }> {
  return new Promise((resolve) => {
    const args = ['-accel', 'kvm', '-m', '512', '-display', 'none', '-no-reboot', '-nodefaults', '-serial', 'stdio'];
    args.push('-kernel', image.kernel, '-initrd', image.initrd, '-append', 'console=ttyS0 quiet panic=-1', '-device', 'virtio-serial-pci', '-nic', 'none');
    const proc = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', 'qemu-system-x86_64', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let done = false;
    const finish = (accel: Accel, why: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      proc.kill('SIGKILL');
      resolve({ accel, why });
    };
    const timer = setTimeout(() => finish('tcg', `a test boot under kvm did not reach init in ${timeoutMs} ms (nested kvm hangs here)`), timeoutMs);
    const take = (b: Buffer) => {
      out = (out + b.toString('utf8')).slice(-4096);
      if (out.includes(MARK) || out.includes('no agent port')) finish('kvm', 'a test boot under kvm reached init');
    };
    proc.stdout.on('data', take);
    proc.stderr.on('data', take);
    proc.on('error', (err) => finish('tcg', `qemu did not start under kvm: ${err.message}`));
    proc.on('exit', () => finish('tcg', `qemu under kvm stopped before init: ${out.trim().split('\n').slice(-1)[0] ?? ''}`.slice(0, 300)));
  });
}
