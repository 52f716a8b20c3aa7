// npm run bench:active: the lab's own work done by an active capability beside its built-in
// fallback, in the same run (the internal clock's error against the host's wall clock), what a
// shadow experiment running beside it costs the incumbent's path, and the time from an injected
// fault to a completed automatic rollback. a throwaway lab in a temp folder; the clock
// baseline is activated directly (the climb is measured elsewhere). prints a table, writes
// storage/bench/active-*.json.
import { Command } from 'commander';
import type { ArtifactRecord, StoredEvent } from '../core/contracts.ts';
import { loadConfig } from '../core/config.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { createLab, type Lab } from '../lab.ts';
import { median, quantile } from '../niches/shared/stats.ts';
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

async function artifact(lab: Lab, tag: string): Promise<ArtifactRecord> {
  const source = `${lab.catalog.get('clock')!.baseline}\n// bench:active ${tag}`;
  const p = await lab.engine.submit({ niche: 'clock', source, language: 'js', proposer: 'person:bench' });
  const done = await lab.engine.settled(p.id);
  if (!done.artifactId) throw new Error(`the clock baseline did not register: ${done.status}`);
  return (await lab.store.artifact(done.artifactId))!;
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
    shadow: { sandbox: 'isolate', roundGapMs: 0, maxRounds: 100_000, maxMs: 3_600_000 },
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
const shadowCost = row("shadowing's cost on the incumbent's path", 'ratio', { op: '<=', value: 1.05 }, 'active reading p50 while a shadow experiment runs / without');
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
const results = finish(rows);
for (const n of ['fuse.compress', 'gui.fb', 'io.coalesce', 'ram.strategy', 'input.predictor', 'usb.probe']) {
  results.push({ name: `${n}: lab's work by the active capability`, unit: '', rounds: [], median: NaN, note: 'not measured: its active use is not built yet (docs/plan.md)' });
}
printTable(`bench:active (${opts.quick ? 'quick' : `${ROUNDS} rounds of ${READS} readings`}, ${new Date().toISOString()})`, results);
writeJson(opts.storage, 'active', { quick: opts.quick === true, rounds: ROUNDS, reads: READS, results });
