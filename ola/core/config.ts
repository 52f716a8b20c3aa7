// one config schema with one defaults object; each component gets its own slice.
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { OlaError } from './errors.ts';
import { duplicateToken, parsePrincipals, PrincipalSchema } from './principals.ts';

export const ConfigSchema = z.object({
  server: z.object({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    /** the documented request body limit (bytes) */
    bodyLimit: z.number().int().positive(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  }),
  storage: z.object({ dir: z.string().min(1) }),
  registry: z.object({
    /** a postgresql url picks the postgresql store (several lab processes on one chain); unset: sqlite under storage/ */
    databaseUrl: z
      .string()
      .refine((u) => /^postgres(ql)?:\/\/./.test(u) && URL.canParse(u), 'must be a postgresql://user:password@host:port/database url')
      .optional(),
    /** the signed head checkpoint, kept outside the database; default storage/registry-head.json (-pg.json on postgresql) */
    checkpoint: z.string().min(1).optional(),
    /** the most the checkpoint lags the head while the lab runs (0: written on every append) */
    checkpointMs: z.number().int().min(0).max(60_000),
  }),
  queue: z.object({
    /** a redis url: sandbox jobs go on one bullmq queue per stage and `ola worker`s run them; unset: in-process */
    redisUrl: z
      .string()
      .refine((u) => /^rediss?:\/\/./.test(u) && URL.canParse(u), 'must be a redis://[user:password@]host:port[/db] url')
      .optional(),
    /** the stages whose jobs go on the queue (the rest run in the lab's own process) */
    stages: z.array(z.enum(['isolate', 'jail', 'container', 'vm'])).min(1),
  }),
  sandbox: z.object({
    /** child processes that host isolates; default one per core */
    workers: z.number().int().min(1).max(64),
    /** a job's wall budget beyond the sum of its run limits before the child is killed */
    graceMs: z.number().int().min(0),
  }),
  jail: z.object({
    /** jailed processes kept started ahead of jobs (each runs one job, then is replaced) */
    workers: z.number().int().min(1).max(32),
  }),
  container: z.object({
    /** containers kept started ahead of jobs (each runs one job, then is removed) */
    workers: z.number().int().min(1).max(16),
    /** gvisor's runsc when the engine has it registered, else runc with seccomp/seccomp.json */
    runtime: z.enum(['auto', 'runsc', 'runc']),
  }),
  vm: z.object({
    /** guest memory */
    memoryMb: z.number().int().min(256).max(16384),
    /** kvm when a bounded test boot shows it works, else tcg; or forced */
    accel: z.enum(['auto', 'kvm', 'tcg']),
    /** the guest image and its saved ready state, by content hash; default <storage>/vm */
    cacheDir: z.string().min(1).optional(),
  }),
  promotion: z.object({
    /** artifacts that pass their proposal's gate climb the ladder on their own */
    enabled: z.boolean(),
    /** artifacts climbing at once */
    concurrency: z.number().int().min(1).max(16),
    /** how often stages that were unavailable are probed again */
    recheckMs: z.number().int().min(100),
    /** a whole stage (public and held-out runs) past this is killed */
    stageTimeoutMs: z.number().int().positive(),
    /** fuzzed runs' seeds come from this (and the artifact and rung) instead of at random: tests repeat */
    fuzzSeed: z.number().int().optional(),
  }),
  shadow: z.object({
    /** rounds of live events before the verdict is taken as it stands */
    maxRounds: z.number().int().min(1),
    /** wall time before the verdict is taken as it stands */
    maxMs: z.number().int().positive(),
    /** pause between rounds */
    roundGapMs: z.number().int().min(0),
    /** where shadowed artifacts run: the strongest rung this host has, or one named */
    sandbox: z.enum(['strongest', 'isolate', 'jail', 'container', 'vm']),
  }),
  faults: z.object({
    /** POST /capabilities/:niche/fault (operators) spoils uses of an active capability, for drills and bench:active */
    enabled: z.boolean(),
  }),
  archive: z.object({
    /** how often the lab writes a checkpoint archive of its registry and artifact sources (0: only when asked) */
    everyMs: z.number().int().min(0),
  }),
  decay: z.object({
    /** how often the decay review looks at each niche's active capability (OLA_DECAY_REVIEW_MS) */
    reviewEveryMs: z.number().int().min(100),
    /** an active capability the lab has not used for this long is listed as unused */
    unusedAfterMs: z.number().int().min(100),
  }),
  lifecycle: z.object({
    /** proposals in flight at once */
    concurrency: z.number().int().min(1),
    /** proposals waiting beyond which posts get 503 */
    maxQueue: z.number().int().min(1),
    stepTimeoutMs: z.number().int().positive(),
  }),
  autopilot: z.object({
    /** ola serve --evolve: the lab evolves on its own */
    enabled: z.boolean(),
    budget: z.number().int().min(1),
    maxCpuPercent: z.number().min(1).max(100),
    minMemoryAvailableShare: z.number().min(0).max(1),
    maxPending: z.number().int().min(0),
    idleMs: z.number().int().min(10),
  }),
  llm: z.object({
    /** an openai-compatible server (llama.cpp server, ollama, vllm); unset = no llm proposer */
    url: z.string().url().optional(),
    model: z.string().min(1).optional(),
    key: z.string().optional(),
    timeoutMs: z.number().int().positive(),
    /** failures in a row after which a run stops asking */
    maxFailures: z.number().int().min(1),
    temperature: z.number().min(0).max(2),
  }),
  auth: z
    .object({
      /** may approve or reject at the rungs that need a person, and propose; none: approvals are refused */
      operators: z.array(PrincipalSchema).max(64),
      /** may propose; none: proposals stay open (the api binds to loopback by default) */
      submitters: z.array(PrincipalSchema).max(1024),
      /** distinct operators a lab-wide action needs when more than one is configured (OLA_QUORUM; default 2) */
      quorum: z.number().int().min(1).max(64).optional(),
    })
    .superRefine((a, ctx) => {
      const twice = duplicateToken({ operators: a.operators, submitters: a.submitters });
      if (twice) ctx.addIssue({ code: 'custom', message: twice });
    }),
  senses: z.object({
    enabled: z.boolean(),
    intervalMs: z.number().int().min(50),
    /** record the host's real clocks for the clock niche */
    recordClock: z.boolean(),
  }),
});

export type Config = z.infer<typeof ConfigSchema>;

export const DEFAULTS: Config = {
  server: { host: '127.0.0.1', port: 8000, bodyLimit: 256 * 1024, logLevel: 'info' },
  storage: { dir: 'storage' },
  registry: { checkpointMs: 1000 },
  queue: { stages: ['isolate', 'jail', 'container', 'vm'] },
  sandbox: { workers: 2, graceMs: 2000 },
  jail: { workers: 2 },
  container: { workers: 1, runtime: 'auto' },
  vm: { memoryMb: 1024, accel: 'auto' },
  promotion: { enabled: true, concurrency: 1, recheckMs: 60_000, stageTimeoutMs: 300_000 },
  shadow: { maxRounds: 400, maxMs: 30 * 60_000, roundGapMs: 1000, sandbox: 'strongest' },
  faults: { enabled: false },
  archive: { everyMs: 30 * 60_000 },
  decay: { reviewEveryMs: 10 * 60_000, unusedAfterMs: 10 * 60_000 },
  lifecycle: { concurrency: 8, maxQueue: 20_000, stepTimeoutMs: 60_000 },
  autopilot: { enabled: false, budget: 200, maxCpuPercent: 97, minMemoryAvailableShare: 0.1, maxPending: 64, idleMs: 2000 },
  llm: { timeoutMs: 120_000, maxFailures: 5, temperature: 0.7 },
  auth: { operators: [], submitters: [] },
  senses: { enabled: true, intervalMs: 1000, recordClock: true },
};

function parseQuorum(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new OlaError('OLA_ERR_CONFIG', 'OLA_QUORUM: a whole number of operators from 1 to 64', { field: 'auth.quorum' });
  return n;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type ConfigOverrides = DeepPartial<Config>;

function merge(base: Record<string, unknown>, over: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!over) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = base[k];
    const nested = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object';
    out[k] = nested ? merge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** env vars the lab reads; flags override env, env overrides defaults */
export function fromEnv(env: NodeJS.ProcessEnv): ConfigOverrides {
  const port = env.OLA_PORT === undefined ? undefined : Number(env.OLA_PORT);
  return {
    server: { host: env.OLA_HOST, port, logLevel: env.OLA_LOG_LEVEL as Config['server']['logLevel'] },
    storage: { dir: env.OLA_STORAGE },
    registry: { databaseUrl: env.OLA_DATABASE_URL || undefined, checkpoint: env.OLA_REGISTRY_CHECKPOINT || undefined },
    queue: { redisUrl: env.OLA_REDIS_URL || undefined },
    faults: { enabled: env.OLA_FAULT_INJECTION === undefined ? undefined : env.OLA_FAULT_INJECTION === '1' },
    decay: { reviewEveryMs: env.OLA_DECAY_REVIEW_MS ? Number(env.OLA_DECAY_REVIEW_MS) : undefined },
    llm: { url: env.OLA_LLM_URL || undefined, model: env.OLA_LLM_MODEL || undefined, key: env.OLA_LLM_KEY || undefined },
    auth: {
      operators: parsePrincipals(env.OLA_OPERATOR_TOKENS, 'OLA_OPERATOR_TOKENS', 'auth.operators'),
      submitters: parsePrincipals(env.OLA_SUBMITTER_TOKENS, 'OLA_SUBMITTER_TOKENS', 'auth.submitters'),
      quorum: parseQuorum(env.OLA_QUORUM),
    },
  };
}

export function loadConfig(...layers: ConfigOverrides[]): Config {
  const merged = layers.reduce<Record<string, unknown>>((acc, layer) => merge(acc, layer as Record<string, unknown>), DEFAULTS);
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new OlaError('OLA_ERR_CONFIG', `config ${field}: ${issue?.message}`, { field });
  }
  const storage = resolve(parsed.data.storage.dir);
  return { ...parsed.data, storage: { dir: storage }, vm: { ...parsed.data.vm, cacheDir: resolve(parsed.data.vm.cacheDir ?? join(storage, 'vm')) } };
}
