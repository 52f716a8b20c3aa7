// the one composition root: builds every component and hands each its slice of the config.
import { mkdirSync } from 'node:fs';
import { FrameRenderer } from './actuators/render.ts';
import { BenchRuns } from './bench/runs.ts';
import { Autopilot } from './proposers/autopilot.ts';
import { OlaRuns } from './proposers/runs.ts';
import { join } from 'node:path';
import type { Config } from './core/config.ts';
import type { RegistryStore, SandboxRunner } from './core/contracts.ts';
import { LabMetrics } from './core/metrics.ts';
import { LifecycleEngine } from './lifecycle/engine.ts';
import { NicheCatalog } from './niches/catalog.ts';
import { Approvals } from './promotion/approvals.ts';
import { PromotionEngine } from './promotion/engine.ts';
import { PolicyGate } from './promotion/gate.ts';
import { StageRunners } from './promotion/stage-runners.ts';
import { Capabilities } from './promotion/active/capabilities.ts';
import { ActiveCapabilities } from './promotion/active/index.ts';
import { DecayReview } from './promotion/active/decay.ts';
import { ShadowMode } from './promotion/shadow/experiment.ts';
import { LIVE_FEEDS } from './promotion/shadow/live/index.ts';
import { LabTraceLog } from './promotion/shadow/traces.ts';
import { KillSwitch } from './promotion/kill-switch.ts';
import { CircuitBreaker } from './promotion/breaker.ts';
import { LabActions } from './promotion/lab-actions.ts';
import { TokenService } from './promotion/tokens.ts';
import { loadOrCreateKeys, type LabKeys } from './registry/keys.ts';
import { openRegistry } from './registry/open-store.ts';
import { rotateLabKey } from './registry/rotate-key.ts';
import { hostRunner } from './sandbox/host-runners.ts';
import { IsolateRunner } from './sandbox/isolate-runner.ts';
import { publishKeyChain } from './sandbox/queue/key-feed.ts';
import { connect } from './sandbox/queue/protocol.ts';
import { QueueRunner } from './sandbox/queue/queue-runner.ts';
import { TokenGuard } from './sandbox/runner.ts';
import { HostScorer } from './score/host-scorer.ts';
import { SenseFeeds } from './senses/feeds.ts';
import { AstValidator } from './validate/validator.ts';

export interface Lab {
  config: Config;
  keys: LabKeys;
  store: RegistryStore;
  catalog: NicheCatalog;
  tokens: TokenService;
  /** the first rung's runner in this process (benchmarks measure it) */
  runner: IsolateRunner;
  /** the first rung's runner proposals are judged by: the queue's with OLA_REDIS_URL, else `runner` */
  judge: SandboxRunner;
  /** every rung's runner, keyed by stage */
  stages: StageRunners;
  engine: LifecycleEngine;
  promotion: PromotionEngine;
  /** operators' decisions at the rungs that need a person */
  approvals: Approvals;
  /** host shadow mode: approved artifacts fed live events beside the incumbent */
  shadow: ShadowMode;
  /** what the lab uses per niche, with rollback handles */
  capabilities: Capabilities;
  /** the lab's uses of active capabilities, the rollback watch, fault drills */
  active: ActiveCapabilities;
  /** lists active capabilities that are unused or outperformed, for an operator to retire */
  decay: DecayReview;
  /** the lab's own recent work that live feeds mirror */
  traces: LabTraceLog;
  /** an operator's kill switch: stops every run of an artifact and blocks it */
  kills: KillSwitch;
  /** halts every promotion when the crash rate across rungs spikes */
  breaker: CircuitBreaker;
  /** lab-wide actions that need a quorum of operators */
  actions: LabActions;
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
  const runner = new IsolateRunner(guard, { ...config.sandbox, hostDir: join(dir, 'sandbox') });
  const metrics = new LabMetrics(store, { defaults: opts.processMetrics, niches: catalog.list().map((n) => n.id) });
  // with OLA_REDIS_URL the queued stages run on workers: the guard still spends each token here
  const { redisUrl } = config.queue;
  const queued = (stage: (typeof config.queue.stages)[number]) =>
    redisUrl && config.queue.stages.includes(stage) ? new QueueRunner(stage, guard, { redisUrl, onWait: (s, sec) => metrics.queueWait(s, sec), onResend: (s) => metrics.queueResent(s) }) : undefined;
  const judge = queued('isolate') ?? runner;
  const upper = (['jail', 'container', 'vm'] as const).map((s) => queued(s) ?? hostRunner(s, guard, config));
  // shadow and active are not sandbox runners: shadow mode and the capabilities answer for them
  let shadowRef: ShadowMode | undefined;
  const stages = new StageRunners([judge, ...upper], undefined, {
    shadow: async () => (shadowRef ? shadowRef.status() : { available: false, reason: 'shadow mode is starting' }),
    active: async () => ({ available: true }),
  });
  const queues = [judge, ...upper].filter((r): r is QueueRunner => r instanceof QueueRunner);
  if (queues.length) metrics.watchQueues(queues);
  // workers follow the lab's key: its chain goes to redis now and after every rotation (never awaited
  // at start: a redis that is away must not hold the lab up)
  const keyFeed = queues.length ? connect(redisUrl!) : undefined;
  const publishKeys = () => (keyFeed ? publishKeyChain(keyFeed, keys, store).catch(() => undefined) : Promise.resolve());
  void publishKeys();
  const validator = new AstValidator();
  const scorer = new HostScorer();
  const gate = new PolicyGate();
  const engine = new LifecycleEngine(
    { store, catalog, tokens, runner: judge, validator, scorer, gate, onRuns: (r) => metrics.sandboxRuns(r) },
    { ...config.lifecycle, onOutcome: (o, n) => metrics.outcome(o, n), onStep: (s, ms) => metrics.step(s, ms) },
  );
  const capabilities = new Capabilities(store);
  const traces = new LabTraceLog();
  const shadow = new ShadowMode({ store, catalog, tokens, validator, stages, capabilities, feeds: LIVE_FEEDS, traces, storageDir: dir }, config.shadow);
  shadowRef = shadow;
  const kills = new KillSwitch({ store, guard, shadow, capabilities });
  await kills.restore();
  const decay = new DecayReview({ store, capabilities, file: join(dir, 'decay', 'uses.json'), niches: () => catalog.list().map((n) => ({ id: n.id, better: n.shadow?.metric.better ?? 'lower' })), onReview: (r) => metrics.decayReviewed(r.niches) }, config.decay);
  const active = new ActiveCapabilities({
    store,
    catalog,
    tokens,
    validator,
    runner,
    capabilities,
    loadSource: store.getSource.bind(store),
    // every artifact source the lab reads is an access of its artifact cache (ram.strategy's live trace)
    onSourceAccess: (sha256, bytes) => traces.sourceRead(sha256, bytes),
    // the lab's reads of its checkpoint archives are io.coalesce's live trace
    onPackRead: (file, size, offset, length) => traces.read(file, size, offset, length),
    checkpoints: { dir: join(dir, 'checkpoints'), everyMs: config.archive.everyMs, keys },
    onUse: (u) => (metrics.capabilityUse(u), decay.noteUse(u)),
    onRollback: (r) => metrics.rolledBack(r.niche, r.automatic),
  });
  let promotionRef: PromotionEngine | undefined;
  const breaker = new CircuitBreaker(store, (halted) => {
    metrics.promotionsHalted(halted);
    if (!halted && config.promotion.enabled) void promotionRef?.resumeAll().catch(() => undefined);
  });
  await breaker.start();
  const actions = new LabActions({ store, breaker, operators: config.auth.operators.length, quorum: config.auth.quorum, rotateKey: async (r) => {
      const done = await rotateLabKey(store, keys, r);
      await publishKeys();
      return done;
    },
  });
  const promotion = new PromotionEngine({ store, catalog, tokens, scorer, gate, validator, stages, shadow, capabilities, breaker, fuzzSeed: config.promotion.fuzzSeed }, config.promotion);
  promotionRef = promotion;
  const senses = new SenseFeeds(join(dir, 'senses'), config.senses);
  const bench = new BenchRuns((signal, quick) => ({ catalog, runner, tokens, store, storageDir: dir, quick, signal }));
  await store.append({ type: 'lab_started', subject: 'lab', payload: { pid: process.pid, node: process.version, niches: catalog.list().map((n) => n.id) } });
  await engine.resume();
  if (config.promotion.enabled) await promotion.start();
  // the lab's artifact sources go through its cache, managed by the active ram.strategy (else lru)
  store.getSource = (sha256) => active.sources.get(sha256);
  await active.start();
  decay.start();
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
    judge,
    stages,
    engine,
    promotion,
    approvals: new Approvals(store),
    shadow,
    capabilities,
    active,
    decay,
    traces,
    kills,
    breaker,
    actions,
    metrics,
    senses,
    bench,
    ola,
    autopilot,
    frames: new FrameRenderer({ store, catalog, runner, tokens, validator }),
    startedAt: new Date().toISOString(),
    async close() {
      // a step whose promise nothing will settle lets node exit mid-close (code 13 under a top-level
      // await): say which one, so it can be found
      let step = 'decay';
      const stuck = () => {
        const which = step === 'stages' && stages.closing.size ? ` (${stages.closingNotes().join('; ')})` : '';
        process.stderr.write(`lab close: the event loop emptied while the ${step} step${which} was still closing\n`);
      };
      process.once('beforeExit', stuck);
      const steps: [string, () => unknown][] = [
        ['decay', () => decay.stop()],
        ['active', () => active.stop()],
        ['autopilot', () => autopilot.stop()],
        ['senses', () => senses.stop()],
        ['bench', () => bench.close()],
        ['ola', () => ola.close()],
        ['promotion', () => promotion.close()],
        ['shadow', () => shadow.close()],
        ['capabilities', () => capabilities.close()],
        ['breaker', () => breaker.close()],
        ['engine', () => engine.close()],
        ['stages', () => stages.close()],
        ['key feed', () => keyFeed?.disconnect()],
        ['runner', () => (judge !== runner ? runner.close() : undefined)],
        ['store', () => store.close()],
      ];
      try {
        for (const [name, close] of steps) {
          step = name;
          await close();
        }
      } finally {
        process.off('beforeExit', stuck);
      }
    },
  };
}
