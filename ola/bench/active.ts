// npm run bench:active: the lab's own work done by an active capability beside its built-in
// fallback, in the same run (the internal clock's error against the host's wall clock), what a
// shadow experiment running beside it costs the incumbent's path, and the time from an injected
// fault to a completed automatic rollback. a throwaway lab in a temp folder; the clock
// baseline is activated directly (the climb is measured elsewhere). prints a table, writes
// storage/bench/active-*.json.
import { Command } from 'commander';
import type { ArtifactRecord, StoredEvent } from '../core/contracts.ts';
import { DEFAULTS, loadConfig } from '../core/config.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { createLab, type Lab } from '../lab.ts';
import { median, quantile } from '../niches/shared/stats.ts';
import { FramebufferDraw } from '../promotion/active/framebuffer-draw.ts';
import type { PointerEvent } from '../promotion/active/pointer-path.ts';
import { PointerPredictor } from '../promotion/active/pointer-predictor.ts';
import { AstValidator } from '../validate/validator.ts';
import { progress } from './progress.ts';
import { finish, printTable, writeJson, type BenchRow } from './report.ts';

const opts = new Command('bench:active')
  .option('--quick', 'smaller counts (a smoke run, figures not comparable)')
  .option('--storage <dir>', 'where bench json goes (storage/bench/)', 'storage')
  .parse()
  .opts<{ quick?: boolean; storage: string }>();
const ROUNDS = 3;
const READS = opts.quick ? 20 : 80;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** the niche's baseline, tagged so each one is a new artifact, through the lab's lifecycle */
async function baseline(lab: Lab, niche: string, tag: string): Promise<ArtifactRecord> {
  const source = `${lab.catalog.get(niche)!.baseline}\n// bench:active ${tag}`;
  const done = await lab.engine.settled((await lab.engine.submit({ niche, source, language: 'js', proposer: 'person:bench' })).id);
  if (!done.artifactId) throw new Error(`the ${niche} baseline did not register: ${done.status}`);
  return (await lab.store.artifact(done.artifactId))!;
}

const artifact = (lab: Lab, tag: string) => baseline(lab, 'clock', tag);

/** a throwaway lab for one part of the bench, with nothing running on its own */
async function partLab(): Promise<{ lab: Lab; close(): Promise<void> }> {
  const st = tmpStorage();
  const lab = await createLab(loadConfig({ storage: { dir: st.dir }, senses: { enabled: false }, server: { logLevel: 'silent' }, promotion: { enabled: false }, archive: { everyMs: 0 } }));
  return { lab, close: async () => (await lab.close(), st.cleanup()) };
}

/** READS fresh readings of the internal clock: each one's error (ms) and latency (ms) */
async function readings(lab: Lab, source: 'active' | 'fallback'): Promise<{ errorMs: number[]; latencyMs: number[] }> {
  const errorMs: number[] = [];
  const latencyMs: number[] = [];
  for (let i = 0; i < READS; i++) {
    const t0 = performance.now();
    const r = await lab.active.clock.reading(true);
    const ms = performance.now() - t0;
    if (r.source !== source) throw new Error(`expected a ${source} reading, got ${r.source}`);
    errorMs.push(r.errorMs);
    latencyMs.push(ms);
    await sleep(20);
  }
  return { errorMs, latencyMs };
}

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

const storage = tmpStorage();
const lab = await createLab(
  loadConfig({
    storage: { dir: storage.dir },
    senses: { enabled: false },
    server: { logLevel: 'silent' },
    promotion: { enabled: false },
    faults: { enabled: true },
    // shadow rounds at the lab's own pace, in the isolate pool the readings use (the worst place)
    shadow: { sandbox: 'isolate', roundGapMs: DEFAULTS.shadow.roundGapMs, maxRounds: 100_000, maxMs: 3_600_000 },
  }),
);
const rows: BenchRow[] = [];
const row = (name: string, unit: string, target?: BenchRow['target'], note?: string): BenchRow => {
  const r: BenchRow = { name, unit, rounds: [], ...(target ? { target } : {}), ...(note ? { note } : {}) };
  rows.push(r);
  return r;
};
const fbErr = row('clock: internal clock error, fallback (p50)', 'ms', undefined, 'last host sample carried by the monotonic clock');
const acErr = row('clock: internal clock error, active (p50)', 'ms', undefined, 'the active clock estimator (baseline)');
const fbLat = row('clock: one reading, fallback (p50)', 'ms');
const acLat = row('clock: one reading, active (p50)', 'ms', undefined, 'a sandboxed run in the isolate, token included');
const shadowCost = row("shadowing's cost on the incumbent's path", 'ratio', { op: '<=', value: 1.05 }, 'active reading p50 while a shadow experiment runs (a round a second, in the same isolate pool) / without');
const rollback = row('injected fault -> automatic rollback', 's', { op: '<=', value: 2 }, 'crash fault; watch: 3 failed uses of the last 20');
const bar = progress('bench:active', ROUNDS * 5);
let done = 0;
try {
  for (let round = 0; round < ROUNDS; round++) {
    const fb = await readings(lab, 'fallback');
    fbErr.rounds.push(median(fb.errorMs));
    fbLat.rounds.push(quantile(sorted(fb.latencyMs), 0.5));
    bar.update(++done);

    const inUse = await artifact(lab, `active ${round}`);
    await lab.capabilities.activate(inUse, 'bench:active');
    await sleep(300);
    const ac = await readings(lab, 'active');
    acErr.rounds.push(median(ac.errorMs));
    acLat.rounds.push(quantile(sorted(ac.latencyMs), 0.5));
    bar.update(++done);

    // a shadow experiment beside it: another artifact fed the host's clocks, round after round
    const candidate = await artifact(lab, `candidate ${round}`);
    await lab.shadow.begin(candidate);
    await sleep(500);
    const during = await readings(lab, 'active');
    shadowCost.rounds.push(quantile(sorted(during.latencyMs), 0.5) / quantile(sorted(ac.latencyMs), 0.5));
    bar.update(++done);
    await lab.shadow.stop(candidate.id);
    bar.update(++done);

    // a fault: every use fails from now; the watch rolls back on its own
    const rolled = new Promise<StoredEvent>((resolve) => {
      const off = lab.store.subscribe((e) => {
        if (e.type === 'capability_rolled_back') (off(), resolve(e));
      });
    });
    const t0 = performance.now();
    lab.active.faults.inject('clock', 'crash', 1000);
    await rolled;
    rollback.rounds.push((performance.now() - t0) / 1000);
    lab.active.faults.clear('clock');
    bar.update(++done);
  }
} finally {
  bar.stop();
  await lab.close();
  storage.cleanup();
}
// ram.strategy: the lab's artifact-source cache on one access trace, lru (the fallback) against
// the active policy (the ram.strategy baseline, itself an lru, run in the sandbox a window at a time)
const cacheRow = row('ram.strategy: source cache hit rate, fallback lru', 'share', undefined, 'zipf-popular reads over 120 sources of 6-40 KiB, cache 1 MiB');
const cacheActive = row('ram.strategy: source cache hit rate, active', 'share', undefined, "the policy's end state adopted every 200 reads");
const readsFallback = row('ram.strategy: source reads through the cache, fallback', 'reads/s');
const readsActive = row('ram.strategy: source reads through the cache, active', 'reads/s', undefined, 'the policy runs beside the reads, once a window');
{
  const { lab: lab2, close: close2 } = await partLab();
  try {
    const base = lab2.catalog.get('clock')!.baseline;
    const shas: string[] = [];
    for (let i = 0; i < 120; i++) {
      const pad = `// ${'x'.repeat(76)}\n`.repeat(80 + ((i * 37) % 400));
      const p = await lab2.engine.submit({ niche: 'clock', source: `${base}\n// source ${i}\n${pad}`, language: 'js', proposer: 'person:bench' });
      const d = await lab2.engine.settled(p.id);
      if (d.artifactId) shas.push((await lab2.store.artifact(d.artifactId))!.sha256);
    }
    // a zipf-like trace: source k read with weight 1 / (k + 1)
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const weights = shas.map((_, k) => 1 / (k + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const pick = () => {
      let r = rand() * total;
      for (let k = 0; k < weights.length; k++) if ((r -= weights[k]!) <= 0) return shas[k]!;
      return shas.at(-1)!;
    };
    const trace = Array.from({ length: opts.quick ? 1000 : 4000 }, pick);
    const measure = async () => {
      lab2.active.sources.clear();
      const t0 = performance.now();
      for (const sha of trace) await lab2.store.getSource(sha);
      const perSecond = trace.length / ((performance.now() - t0) / 1000);
      await sleep(500);
      const s = lab2.active.sources.stats();
      return { hitRate: s.hits / (s.hits + s.misses), perSecond };
    };
    const lru = await baseline(lab2, 'ram.strategy', 'the lab\'s cache policy');
    for (let round = 0; round < ROUNDS; round++) {
      const fb = await measure();
      cacheRow.rounds.push(fb.hitRate);
      readsFallback.rounds.push(fb.perSecond);
      const cap = await lab2.capabilities.activate(lru, 'bench:active');
      await sleep(100);
      const ac = await measure();
      cacheActive.rounds.push(ac.hitRate);
      readsActive.rounds.push(ac.perSecond);
      await lab2.capabilities.rollback('ram.strategy', { why: 'bench round over', by: 'bench', automatic: false, expect: cap.artifactId });
    }
  } finally {
    await close2();
  }
}

// fuse.compress and io.coalesce: the lab's checkpoint archive of its registry and sources, gzip
// and one read a block (the fallbacks) against the active codec and read planner (their baselines)
const arcRatioFb = row('fuse.compress: checkpoint ratio, fallback gzip', 'x', undefined, 'the registry export and every artifact source, 16 KiB blocks');
const arcRatioAc = row('fuse.compress: checkpoint ratio, active', 'x', undefined, 'the fuse.compress baseline (lz77, no entropy coder) in the sandbox');
const arcSpeedFb = row('fuse.compress: checkpoint written and verified, fallback gzip', 'MB/s');
const arcSpeedAc = row('fuse.compress: checkpoint written and verified, active', 'MB/s', undefined, 'compress, a read-back job, then the pack read from disk and decoded in fresh jobs');
const arcReadsFb = row('io.coalesce: pack reads per block read, fallback', 'reads/request', undefined, 'one read a request');
const arcReadsAc = row('io.coalesce: pack reads per block read, active', 'reads/request', { op: '<=', value: 0.5 }, 'the io.coalesce baseline (sort and merge) plans each 1024 requests');
{
  const { lab: lab3, close: close3 } = await partLab();
  const bar3 = progress('bench:active archives', ROUNDS * 2);
  try {
    const base = lab3.catalog.get('clock')!.baseline;
    for (let i = 0; i < (opts.quick ? 20 : 80); i++) {
      const p = await lab3.engine.submit({ niche: 'clock', source: `${base}\n// archived ${i}\nexport const note${i} = ${JSON.stringify('w'.repeat(i * 13))};`, language: 'js', proposer: 'person:bench' });
      await lab3.engine.settled(p.id);
    }
    const codec = await baseline(lab3, 'fuse.compress', 'the lab\'s codec');
    const planner = await baseline(lab3, 'io.coalesce', 'the lab\'s read planner');
    const ac = new AbortController();
    const once = async () => {
      const t0 = performance.now();
      const v = await lab3.active.checkpoints.make('bench:active', ac.signal);
      return { v, mbs: v.plainBytes / 1e6 / ((performance.now() - t0) / 1000) };
    };
    for (let round = 0; round < ROUNDS; round++) {
      const fb = await once();
      arcRatioFb.rounds.push(fb.v.ratio);
      arcSpeedFb.rounds.push(fb.mbs);
      arcReadsFb.rounds.push(fb.v.verified.reads / fb.v.verified.requests);
      bar3.update(round * 2 + 1);
      await lab3.capabilities.activate(codec, 'bench:active');
      await lab3.capabilities.activate(planner, 'bench:active');
      const a = await once();
      if (a.v.builtIn || a.v.verified.planner !== 'active') throw new Error('the active codec or planner did not do the checkpoint');
      arcRatioAc.rounds.push(a.v.ratio);
      arcSpeedAc.rounds.push(a.mbs);
      arcReadsAc.rounds.push(a.v.verified.reads / a.v.verified.requests);
      await lab3.capabilities.rollback('fuse.compress', { why: 'bench round over', by: 'bench', automatic: false });
      await lab3.capabilities.rollback('io.coalesce', { why: 'bench round over', by: 'bench', automatic: false });
      bar3.update(round * 2 + 2);
    }
  } finally {
    bar3.stop();
    await close3();
  }
}

// gui.fb and input.predictor: the dashboard's framebuffer drawn at a pointer path, and that
// pointer predicted 50 ms ahead; the fallbacks (the best gui.fb artifact drawing, the last
// position carried forward) against the active capabilities (the baselines)
const fbHitFb = row('gui.fb: frames at the pointer passing, fallback', 'share', undefined, 'the best gui.fb artifact draws 30 frames of a public pointer session a use');
const fbHitAc = row('gui.fb: frames at the pointer passing, active', 'share', undefined, 'the gui.fb baseline, active');
const fbMsFb = row('gui.fb: one drawn frame (30-frame use), fallback (p50)', 'ms');
const fbMsAc = row('gui.fb: one drawn frame (30-frame use), active (p50)', 'ms', { op: '<=', value: 100 }, 'the live tile asks for at most 10 a second');
const prErrFb = row('input.predictor: pointer error 50 ms ahead, fallback (mean)', 'px', undefined, 'the last position carried forward');
const prErrAc = row('input.predictor: pointer error 50 ms ahead, active (mean)', 'px', undefined, 'the input.predictor baseline, 120 reports a use');
{
  const { lab: lab4, close: close4 } = await partLab();
  const bar4 = progress('bench:active dashboard', ROUNDS * 2);
  try {
    await baseline(lab4, 'gui.fb', 'the best, the fallback');
    const drawer = await baseline(lab4, 'gui.fb', 'active');
    const predictor = await baseline(lab4, 'input.predictor', 'active');
    // a public pointer session: its reports as the dashboard would send them
    const session = lab4.catalog.scenarios('input.predictor').public[0]!.input as { t: Float64Array; x: Float64Array; y: Float64Array; buttons: Uint8Array };
    // scaled onto the dashboard's 640x480 framebuffer
    const sx = 639 / Math.max(1, ...session.x);
    const sy = 479 / Math.max(1, ...session.y);
    const events: PointerEvent[] = Array.from(session.t, (t, k) => [t, Math.round(session.x[k]! * sx), Math.round(session.y[k]! * sy), session.buttons[k]!]);
    const draw = new FramebufferDraw({ store: lab4.store, catalog: lab4.catalog, tokens: lab4.tokens, validator: new AstValidator(), runner: lab4.runner, capabilities: lab4.capabilities, use: lab4.active.use });
    const ac = new AbortController();
    const side = async () => {
      const hits: number[] = [];
      const ms: number[] = [];
      const uses = opts.quick ? 10 : 40;
      for (let i = 0; i < uses; i++) {
        const from = (i * 30) % Math.max(1, events.length - 30);
        const win = events.slice(from, from + 30);
        const t0 = performance.now();
        const f = await draw.draw({ x: win.map((e) => e[1]), y: win.map((e) => e[2]), buttons: win.map((e) => e[3]) }, ac.signal);
        ms.push(performance.now() - t0);
        if (f) hits.push(f.hitRate);
      }
      const predictorOf = new PointerPredictor(lab4.active.use);
      const errs: number[] = [];
      for (let end = 120; end <= Math.min(events.length, opts.quick ? 1200 : 4800); end += 6) {
        const p = await predictorOf.predict(events.slice(end - 120, end), ac.signal);
        if (p?.errorPx !== null && p?.errorPx !== undefined) errs.push(p.errorPx);
      }
      return { hit: hits.reduce((a, b) => a + b, 0) / Math.max(1, hits.length), ms: quantile(sorted(ms), 0.5), err: errs.reduce((a, b) => a + b, 0) / Math.max(1, errs.length) };
    };
    for (let round = 0; round < ROUNDS; round++) {
      const fb = await side();
      fbHitFb.rounds.push(fb.hit);
      fbMsFb.rounds.push(fb.ms);
      prErrFb.rounds.push(fb.err);
      bar4.update(round * 2 + 1);
      await lab4.capabilities.activate(drawer, 'bench:active');
      await lab4.capabilities.activate(predictor, 'bench:active');
      const a = await side();
      fbHitAc.rounds.push(a.hit);
      fbMsAc.rounds.push(a.ms);
      prErrAc.rounds.push(a.err);
      await lab4.capabilities.rollback('gui.fb', { why: 'bench round over', by: 'bench', automatic: false });
      await lab4.capabilities.rollback('input.predictor', { why: 'bench round over', by: 'bench', automatic: false });
      bar4.update(round * 2 + 2);
    }
  } finally {
    bar4.stop();
    await close4();
  }
}

const results = finish(rows);
results.push({ name: 'usb.probe: lab\'s work by the active capability', unit: '', rounds: [], median: NaN, note: 'none: the lab has no usb work of its own (and this host no /sys/bus/usb); usb.probe is shadowed only' });
printTable(`bench:active (${opts.quick ? 'quick' : `${ROUNDS} rounds of ${READS} readings`}, ${new Date().toISOString()})`, results);
writeJson(opts.storage, 'active', { quick: opts.quick === true, rounds: ROUNDS, reads: READS, results });
