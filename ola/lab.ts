// the one composition root: builds every component and hands each its slice of the config.
import { mkdirSync } from 'node:fs';
import { FrameRenderer } from './actuators/render.ts';
import { BenchRuns } from './bench/runs.ts';
import { Autopilot } from './proposers/autopilot.ts';
import { OlaRuns } from './proposers/runs.ts';
import { join } from 'node:path';
import type { Config } from './core/config.ts';
import type { RegistryStore } from './core/contracts.ts';
import { LabMetrics } from './core/metrics.ts';
import { LifecycleEngine } from './lifecycle/engine.ts';
import { NicheCatalog } from './niches/catalog.ts';
import { Approvals } from './promotion/approvals.ts';
import { PromotionEngine } from './promotion/engine.ts';
import { PolicyGate } from './promotion/gate.ts';
import { StageRunners } from './promotion/stage-runners.ts';
import { TokenService } from './promotion/tokens.ts';
import { loadOrCreateKeys, type LabKeys } from './registry/keys.ts';
import { openRegistry } from './registry/open-store.ts';
import { IsolateRunner } from './sandbox/isolate-runner.ts';
import { ContainerRunner } from './sandbox/container/container-runner.ts';
import { JailRunner } from './sandbox/jail/jail-runner.ts';
import { TokenGuard } from './sandbox/runner.ts';
import { VmRunner } from './sandbox/vm/vm-runner.ts';
import { HostScorer } from './score/host-scorer.ts';
import { SenseFeeds } from './senses/feeds.ts';
import { AstValidator } from './validate/validator.ts';

export interface Lab {
  config: Config;
  keys: LabKeys;
  store: RegistryStore;
  catalog: NicheCatalog;
  tokens: TokenService;
  /** the first rung's runner (proposals are judged there) */
  runner: IsolateRunner;
  /** every rung's runner, keyed by stage */
  stages: StageRunners;
  engine: LifecycleEngine;
  promotion: PromotionEngine;
  /** operators' decisions at the rungs that need a person */
  approvals: Approvals;
  metrics: LabMetrics;
  senses: SenseFeeds;
  bench: BenchRuns;
  ola: OlaRuns;
  autopilot: Autopilot;
  frames: FrameRenderer;
  startedAt: string;
  close(): Promise<void>;
}

export async function createLab(config: Config, opts: { processMetrics?: boolean } = {}): Promise<Lab> {
  const dir = config.storage.dir;
  for (const sub of ['logs', 'registry', 'checkpoints', 'senses', 'bench']) mkdirSync(join(dir, sub), { recursive: true });
  const keys = loadOrCreateKeys(dir);
  const store = await openRegistry({ dir, keys, ...config.registry });
  const catalog = new NicheCatalog({ heldOutKey: keys.derive('held-out-scenarios'), storageDir: dir });
  const tokens = new TokenService(keys);
  // one token check for every runner: spent nonces live in the registry; refusals are recorded
  const guard = new TokenGuard(tokens, store, async (r) => {
    await store.append({ type: 'token_refused', subject: r.artifactId, payload: { stage: r.stage, reason: r.reason, nonce: r.nonce ?? null } });
  });
  const runner = new IsolateRunner(guard, config.sandbox);
  const { graceMs } = config.sandbox;
  const stages = new StageRunners([
    runner,
    new JailRunner(guard, { workers: config.jail.workers, graceMs }),
    new ContainerRunner(guard, { workers: config.container.workers, graceMs, runtime: config.container.runtime }),
    new VmRunner(guard, { graceMs, memoryMb: config.vm.memoryMb, accel: config.vm.accel === 'auto' ? undefined : config.vm.accel, cacheDir: config.vm.cacheDir }),
  ]);
  const metrics = new LabMetrics(store, { defaults: opts.processMetrics });
  const validator = new AstValidator();
  const scorer = new HostScorer();
  const gate = new PolicyGate();
  const engine = new LifecycleEngine(
    { store, catalog, tokens, runner, validator, scorer, gate, onRuns: (r) => metrics.sandboxRuns(r) },
    { ...config.lifecycle, onOutcome: (o, n) => metrics.outcome(o, n), onStep: (s, ms) => metrics.step(s, ms) },
  );
  const promotion = new PromotionEngine({ store, catalog, tokens, scorer, gate, validator, stages, fuzzSeed: config.promotion.fuzzSeed }, config.promotion);
  const senses = new SenseFeeds(join(dir, 'senses'), config.senses);
  const bench = new BenchRuns((signal, quick) => ({ catalog, runner, tokens, store, storageDir: dir, quick, signal }));
  await store.append({ type: 'lab_started', subject: 'lab', payload: { pid: process.pid, node: process.version, niches: catalog.list().map((n) => n.id) } });
  await engine.resume();
  if (config.promotion.enabled) await promotion.start();
  const ola = new OlaRuns({ engine, store, validator, catalog, llm: config.llm });
  await ola.resume();
  const autopilot = new Autopilot({ ola, catalog, store, engine, senses }, config.autopilot);
  if (config.autopilot.enabled) autopilot.start();
  return {
    config,
    keys,
    store,
    catalog,
    tokens,
    runner,
    stages,
    engine,
    promotion,
    approvals: new Approvals(store),
    metrics,
    senses,
    bench,
    ola,
    autopilot,
    frames: new FrameRenderer({ store, catalog, runner, tokens, validator }),
    startedAt: new Date().toISOString(),
    async close() {
      await autopilot.stop();
      await senses.stop();
      await bench.close();
      await ola.close();
      await promotion.close();
      await engine.close();
      await stages.close();
      await store.close();
    },
  };
}
