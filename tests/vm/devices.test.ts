// device niches on the guest's virtual hardware, through the vm runner as the ladder runs
// them: gui.fb draws on /dev/fb0 and is judged from a qmp screendump, input.predictor reads
// the evdev events the host injects into the virtio tablet, fuse.compress backs a kernel fuse
// mount that is written, read back and checked, usb.probe reads hot-plugged usb devices.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Niche, RunResult, Score } from '../../ola/core/contracts.ts';
import { tmpStorage } from '../../ola/core/tmp-storage.ts';
import { NicheCatalog } from '../../ola/niches/catalog.ts';
import clock from '../../ola/niches/clock/index.ts';
import fuseCompress from '../../ola/niches/fuse.compress/index.ts';
import guiFb from '../../ola/niches/gui.fb/index.ts';
import inputPredictor from '../../ola/niches/input.predictor/index.ts';
import usbProbe from '../../ola/niches/usb.probe/index.ts';
import { stageLimits } from '../../ola/core/ladder.ts';
import { runAtStage } from '../../ola/promotion/run-at-stage.ts';
import { TokenService } from '../../ola/promotion/tokens.ts';
import { vmSuite } from '../helpers/vm-suite.ts';
import { HostScorer } from '../../ola/score/host-scorer.ts';
import { AstValidator } from '../../ola/validate/validator.ts';

const storage = tmpStorage();
const tokens = new TokenService(generateKeyPairSync('ed25519'));
const vm = vmSuite(tokens, storage);

/** the niche's baseline on `count` public scenarios at the vm stage, scored on the host */
async function onVm(niche: Niche, count: number, source = niche.baseline): Promise<{ runs: RunResult[]; score: Score }> {
  const catalog = new NicheCatalog({ heldOutKey: Buffer.alloc(32, 7), storageDir: storage.dir }, [niche]);
  const v = await new AstValidator().validate({ source, language: 'js', requiredExports: niche.requiredExports });
  if (!v.ok) throw new Error(v.rejections.map((r) => r.message).join('; '));
  const artifact = { id: `a_${v.value.sha256.slice(0, 26).toUpperCase()}`, sha256: v.value.sha256, script: v.value.script };
  const scenarios = catalog.scenarios(niche.id).public.slice(0, count);
  const { runs } = await runAtStage({ runner: vm(), tokens }, artifact, niche, scenarios, { from: 'container' }, new AbortController().signal);
  return { runs, score: new HostScorer().score(niche, scenarios, runs, stageLimits(niche, 'vm')) };
}

const hardware = (r: RunResult) => (r.output as { hardware?: Record<string, any> | null }).hardware;


describe('device niches on the vm stage', () => {
  it('gui.fb: the last frame goes to /dev/fb0 and the screendump shows exactly it', async () => {
    const { runs, score } = await onVm(guiFb, 2);
    for (const r of runs) {
      expect(r.ok, r.error?.message).toBe(true);
      const screen = hardware(r)!.screen;
      expect(screen.display).toBe('1280x800');
      expect(screen.rgba).toBeInstanceOf(Uint8Array);
    }
    expect(score.crashes).toBe(0);
    expect(score.metrics.screen_match).toBe(1);
    expect(score.metrics.cursor_hit_rate).toBeGreaterThan(0.95);
  }, 400_000);

  it('input.predictor: the traces go through the virtio tablet and the artifact reads them back from evdev', async () => {
    // every public session in one job: runs share the guest, so a button one run left held must not leak
    const { runs, score } = await onVm(inputPredictor, 5);
    const catalog = new NicheCatalog({ heldOutKey: Buffer.alloc(32, 7), storageDir: storage.dir }, [inputPredictor]);
    const sessions = catalog.scenarios(inputPredictor.id).public;
    runs.forEach((r, i) => {
      expect(r.ok, r.error?.message).toBe(true);
      // every report went in (two more set the tablet's state first)
      expect(hardware(r)!.tablet.reports).toBe((sessions[i]!.input as { x: ArrayLike<number> }).x.length + 2);
    });
    for (const s of score.scenarios) expect(s.ok, s.reason).toBe(true);
    expect(score.crashes).toBe(0);
  }, 600_000);

  it('fuse.compress: the session is written, appended, truncated and read back through a kernel fuse mount', async () => {
    const { runs, score } = await onVm(fuseCompress, 2);
    for (const r of runs) {
      expect(r.ok, r.error?.message).toBe(true);
      const out = r.output as { problem: string; fs: { files: unknown[]; liveBlocks: number } | null };
      expect(out.problem).toBe('');
      expect(out.fs!.files.length).toBeGreaterThan(0);
    }
    for (const s of score.scenarios) expect(s.ok, s.reason).toBe(true);
    expect(score.crashes).toBe(0);
  }, 600_000);

  it('usb.probe: the scenario devices are hot-plugged and the artifact reads the guest\'s real sysfs', async () => {
    const { runs, score } = await onVm(usbProbe, 3);
    for (const r of runs) {
      expect(r.ok, r.error?.message).toBe(true);
      expect(hardware(r)!.usb.plugged.length).toBeGreaterThan(0);
    }
    for (const s of score.scenarios) expect(s.ok, s.reason).toBe(true);
    expect(score.crashes).toBe(0);
    expect(score.metrics.probe_accuracy).toBe(1);
  }, 600_000);

  it('returns the artifact\'s v8 code coverage with every run', async () => {
    const src = `${clock.baseline}\nexport function unused(x) { if (x > 1) return x * 2; return 0; }`;
    const { runs } = await onVm(clock, 2, src);
    for (const r of runs) {
      expect(r.ok, r.error?.message).toBe(true);
      const c = r.coverage!;
      expect(c.functions).toBeGreaterThan(1);
      // the export nobody calls did not run, the rest did
      expect(c.functionsCalled).toBe(c.functions - 1);
      expect(c.ratio).toBeGreaterThan(0);
      expect(c.ratio).toBeLessThan(1);
    }
  }, 600_000);

  it('an artifact that turns hostile half way through the fuse session fails its run, and the next job is clean', async () => {
    // honest in the block pass, then throws and floods from inside the kernel's calls
    const src = `let calls = 0;
      export function compress(d) { if (++calls > 8) { for (let i = 0; i < 1e6; i++) console.log('x'); throw new Error('late betrayal'); } return d.slice(); }
      export function decompress(d) { return d.slice(); }`;
    const bad = await onVm(fuseCompress, 1, src);
    expect(bad.runs[0]!.ok).toBe(false);
    expect(bad.runs[0]!.error).toMatchObject({ code: 'OLA_ERR_ARTIFACT_THREW', message: expect.stringContaining('late betrayal') });
    expect(bad.runs[0]!.logs!.length).toBeLessThanOrEqual(21);
    const good = await onVm(fuseCompress, 1);
    expect(good.score.scenarios[0]!.ok, good.score.scenarios[0]!.reason).toBe(true);
  }, 600_000);

  it('a job the busy host starves of cpu gets the verdict and the cpu figure it gets on a free host', async () => {
    const SPIN = 'export function run(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }';
    const v = await new AstValidator().validate({ source: SPIN, language: 'js', requiredExports: ['run'] });
    if (!v.ok) throw new Error('the spin artifact does not validate');
    const artifactId = `a_${v.value.sha256.slice(0, 26).toUpperCase()}`;
    const limits = { memoryMb: 64, cpuMs: 1000, wallMs: 1000, maxOutputBytes: 1024 };
    const spin = async (n: number) => {
      const { token } = await tokens.issue({ artifactId, sha256: v.value.sha256, from: 'container', to: 'vm', ttlSeconds: 600 });
      const job = { artifactId, sha256: v.value.sha256, script: v.value.script, token, driver: 'function drive(a, n) { return a.run(n); }', inputs: [{ scenarioId: 's', input: n }], limits };
      return (await vm().run(job, new AbortController().signal))[0]!;
    };
    // on a free host: a loop that takes about a third of the wall limit (times come back at host scale)
    const probe = await spin(2e6);
    expect(probe.ok, probe.error?.message).toBe(true);
    const n = Math.round((2e6 * 0.33 * limits.wallMs) / Math.max(probe.wallMs, 1));
    const free = await spin(n);
    expect(free.ok, free.error?.message).toBe(true);
    // qemu and four busy loops on one core: qemu gets about a fifth of it, so the guest sees its
    // run take about 1.7 times its wall limit
    const [qemu] = await vm().pids();
    const pin = (cpus: string) => expect(spawnSync('taskset', ['-a', '-p', '-c', cpus, String(qemu)]).status).toBe(0);
    const hogs = Array.from({ length: 4 }, () => spawn('taskset', ['-c', '0', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }));
    try {
      pin('0');
      const busy = await spin(n);
      expect(busy.ok, busy.error?.message).toBe(true);
      expect(busy.output).toBe(free.output);
      // its cpu, brought back by the share qemu got, is about what it was on the free host
      expect(busy.cpuMs).toBeLessThan(free.cpuMs * 2);
      expect(busy.cpuMs).toBeGreaterThan(free.cpuMs / 2);
    } finally {
      hogs.forEach((h) => h.kill('SIGKILL'));
      pin(`0-${Math.max(0, cpus().length - 1)}`);
    }
  }, 600_000);
});
