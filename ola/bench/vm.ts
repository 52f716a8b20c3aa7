// npm run bench:vm: the vm stage's costs, beside a bare qemu boot of the same kernel to
// power-off in the same run: guest image build (cold, into a fresh cache, and cached), boot to
// agent-ready, snapshot, restore, restore-and-run of a trivial artifact, and jobs per minute per
// niche on its baseline. says kvm or tcg. prints a table, writes storage/bench/vm-*.json.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { NicheCatalog } from '../niches/catalog.ts';
import { runAtStage } from '../promotion/run-at-stage.ts';
import { TokenService } from '../promotion/tokens.ts';
import { MemoryLedger, TokenGuard } from '../sandbox/runner.ts';
import { guestImage, hostKernel } from '../sandbox/vm/guest-image.ts';
import { probeKvm } from '../sandbox/vm/kvm-probe.ts';
import { Machine } from '../sandbox/vm/machine.ts';
import { VmRunner } from '../sandbox/vm/vm-runner.ts';
import { AstValidator } from '../validate/validator.ts';
import { finish, printTable, writeJson, type BenchRow } from './report.ts';
import { p } from './stages-measure.ts';

const run = promisify(execFile);
const OLA = fileURLToPath(new URL('../../bin/ola', import.meta.url));

const opts = new Command('bench:vm')
  .option('--quick', 'smaller counts (a smoke run, figures not comparable)')
  .option('--storage <dir>', 'where bench json goes (storage/bench/)', 'storage')
  .parse()
  .opts<{ quick?: boolean; storage: string }>();
const N = opts.quick ? 3 : 10;
const say = (s: string) => console.log(`[bench:vm] ${s}`);

/** the image build in a fresh process, with its caches pointed at a fresh folder (cold) or not */
async function timedBuild(cacheRoot?: string): Promise<number> {
  const t0 = performance.now();
  await run(OLA, ['vm', 'build', '--json'], { env: { ...process.env, ...(cacheRoot ? { TMPDIR: cacheRoot, OLA_VM_CACHE: join(cacheRoot, 'vm') } : {}) }, maxBuffer: 1 << 20 });
  return performance.now() - t0;
}

/** a kernel and an initramfs holding only busybox, whose init powers off at once */
async function bareBoot(accel: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ola-bare-'));
  try {
    mkdirSync(join(dir, 'root/bin'), { recursive: true });
    await run('cp', ['/bin/busybox', join(dir, 'root/bin/busybox')]);
    writeFileSync(join(dir, 'root/init'), '#!/bin/busybox sh\n/bin/busybox poweroff -f\n', { mode: 0o755 });
    await run('sh', ['-c', `cd "${dir}/root" && find . | cpio -o -H newc -R 0:0 --quiet > ../bare.cpio`]);
    const t0 = performance.now();
    await run('qemu-system-x86_64', ['-accel', accel, '-m', '1024', '-display', 'none', '-no-reboot', '-nodefaults', '-kernel', hostKernel().kernel, '-initrd', join(dir, 'bare.cpio'), '-append', 'console=ttyS0 quiet panic=-1'], { timeout: 120_000 });
    return performance.now() - t0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: BenchRow[] = [];
const cold = mkdtempSync(join(tmpdir(), 'ola-vmcold-'));
say('image build, cold (a fresh cache folder)...');
const coldMs = await timedBuild(cold);
rmSync(cold, { recursive: true, force: true });
say('image build, cached...');
const cachedMs = await timedBuild();
rows.push({ name: 'guest image build, cold', unit: 'ms', rounds: [coldMs] }, { name: 'guest image build, cached', unit: 'ms', rounds: [cachedMs] });

const image = await guestImage();
const { accel, why } = await probeKvm(image);
say(`accelerator: ${accel} (${why})`);
say('bare qemu boot of the same kernel to power-off...');
const bare = await bareBoot(accel);
rows.push({ name: `bare qemu boot to power-off (${accel})`, unit: 'ms', rounds: [bare], note: 'reference, same kernel' });

say('boot to agent-ready, snapshot, restores...');
const m = await Machine.boot(image, { accel, memoryMb: 1024, bootTimeoutMs: 300_000 });
rows.push({ name: `boot to agent-ready, cold (${accel})`, unit: 'ms', rounds: [m.bootMs], target: { op: '<=', value: 8000 }, note: `${(m.bootMs / bare).toFixed(1)}x the bare boot; once per image` });
let t0 = performance.now();
await m.snapshot('ready');
rows.push({ name: 'snapshot (savevm)', unit: 'ms', rounds: [performance.now() - t0] });
// the lab's later starts: the ready state saved beside the image, restored by a new qemu
const stateDir = mkdtempSync(join(tmpdir(), 'ola-vmstate-'));
const state = join(stateDir, 'ready.qcow2');
m.saveState(state);
const restores: number[] = [];
for (let i = 0; i < N; i++) {
  t0 = performance.now();
  await m.revert('ready');
  restores.push(performance.now() - t0);
}
m.kill();
const resumes: number[] = [];
for (let i = 0; i < Math.min(N, 5); i++) {
  const r = await Machine.boot(image, { accel, memoryMb: 1024, bootTimeoutMs: 300_000, resume: { file: state, tag: 'ready' } });
  resumes.push(r.bootMs);
  r.kill();
}
rmSync(stateDir, { recursive: true, force: true });
rows.push({ name: `start to agent-ready from the saved ready state (${accel})`, unit: 'ms', rounds: [p(resumes, 0.5)], target: { op: '<=', value: 8000 }, note: `p50 of ${resumes.length}: a new qemu restores the snapshot; every start after the first` });
rows.push({ name: 'restore (loadvm)', unit: 'ms', rounds: [p(restores, 0.5)], target: { op: '<=', value: 1500 }, note: `p50 of ${N}; p99 ${Math.round(p(restores, 0.99))} ms` });

say('restore-and-run through the vm runner...');
const tokens = new TokenService(generateKeyPairSync('ed25519'));
const runner = new VmRunner(new TokenGuard(tokens, new MemoryLedger()), { graceMs: 2000, accel });
const probe = await runner.probe();
if (!probe.available) throw new Error(`the vm stage is unavailable: ${probe.reason}`);
say(`guest slowdown: ${probe.detail?.slowdown}x (${probe.detail?.calibration})`);
rows.push({ name: 'guest slowdown, measured (limits scale by it)', unit: 'x', rounds: [Number(probe.detail?.slowdown)], note: String(probe.detail?.calibration) });
const validator = new AstValidator();
const trivial = await validator.validate({ source: 'export function run(x) { return x + 1; }', language: 'js', requiredExports: ['run'] });
if (!trivial.ok) throw new Error('the trivial artifact does not validate');
const art = { id: 'a_bench_vm', sha256: trivial.value.sha256, script: trivial.value.script };
const driver = { driver: 'function drive(a, input) { return a.run(input); }', limits: { memoryMb: 64, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 65536 } };
const scenario = [{ id: 's', seed: 0, kind: 'trivial', heldOut: false, input: 1, truth: 2 }];
const trips: number[] = [];
for (let i = 0; i < N; i++) {
  t0 = performance.now();
  const { runs } = await runAtStage({ runner, tokens }, art, driver, scenario, { from: 'container' }, new AbortController().signal);
  if (!runs[0]?.ok) throw new Error(`the trivial artifact failed in the vm: ${runs[0]?.error?.message}`);
  trips.push(performance.now() - t0);
}
rows.push({ name: 'restore-and-run, trivial artifact', unit: 'ms', rounds: [p(trips, 0.5)], target: { op: '<=', value: 2000 }, note: `p50 of ${N}; p99 ${Math.round(p(trips, 0.99))} ms` });

const catalog = new NicheCatalog({ heldOutKey: Buffer.alloc(32, 7), storageDir: resolve(opts.storage) });
for (const niche of catalog.list()) {
  say(`${niche.id}: its baseline's public scenarios as vm jobs...`);
  const v = await validator.validate({ source: niche.baseline, language: 'js', requiredExports: niche.requiredExports });
  if (!v.ok) continue;
  const scenarios = catalog.scenarios(niche.id).public;
  const jobs = opts.quick ? 1 : 3;
  t0 = performance.now();
  let failed = 0;
  for (let i = 0; i < jobs; i++) {
    const { runs } = await runAtStage({ runner, tokens }, { id: `a_bench_${i}`, sha256: v.value.sha256, script: v.value.script }, niche, scenarios, { from: 'container' }, new AbortController().signal);
    failed += runs.filter((r) => !r.ok).length;
  }
  const perMinute = (jobs * 60_000) / (performance.now() - t0);
  rows.push({ name: `${niche.id}: jobs per minute (${scenarios.length} scenarios a job)`, unit: '/min', rounds: [perMinute], note: failed ? `${failed} runs failed` : 'every run ok' });
}
await runner.close();

const results = finish(rows);
printTable(`bench:vm (${accel}: ${why})`, results);
const file = writeJson(resolve(opts.storage), 'vm', { accel, why, image: image.hash, kernel: image.kernel, slowdown: probe.detail, results });
console.log(`\nwritten: ${file}`);
process.exit(0);
