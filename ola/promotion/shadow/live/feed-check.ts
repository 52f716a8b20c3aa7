// a seam for testing live feeds (shipped beside them): a niche's artifact run through the real
// isolate runner on live scenarios, and one whole shadow run of ShadowMode over a feed, with a
// registry on a throwaway folder. no lab, no api.
import { generateKeyPairSync } from 'node:crypto';
import type { ArtifactRecord, Niche, RunResult, Scenario, StoredEvent } from '../../../core/contracts.ts';
import { NicheCatalog } from '../../../niches/catalog.ts';
import { loadOrCreateKeys } from '../../../registry/keys.ts';
import { openRegistry } from '../../../registry/open-store.ts';
import { IsolateRunner } from '../../../sandbox/isolate-runner.ts';
import { TokenGuard } from '../../../sandbox/runner.ts';
import { AstValidator } from '../../../validate/validator.ts';
import { Capabilities } from '../../active/capabilities.ts';
import { runAtStage } from '../../run-at-stage.ts';
import { StageRunners } from '../../stage-runners.ts';
import { TokenService } from '../../tokens.ts';
import { ShadowMode } from '../experiment.ts';
import type { LabTraces, LiveContext, LiveFeed } from '../live.ts';

export interface FeedCheck {
  /** runs `source` (the niche's baseline by default) on the scenarios in the isolate */
  run(niche: Niche, scenarios: Scenario[], source?: string): Promise<RunResult[]>;
  close(): Promise<void>;
}

export function feedCheck(): FeedCheck {
  const tokens = new TokenService(generateKeyPairSync('ed25519'));
  const runner = new IsolateRunner(new TokenGuard(tokens), { workers: 1, graceMs: 1000 });
  const validator = new AstValidator();
  return {
    async run(niche, scenarios, source = niche.baseline) {
      const v = await validator.validate({ source, language: 'js', requiredExports: niche.requiredExports });
      if (!v.ok) throw new Error(`rejected: ${v.rejections[0]?.message}`);
      const artifact = { id: `a_${v.value.sha256.slice(0, 26).toUpperCase()}`, sha256: v.value.sha256, script: v.value.script };
      return (await runAtStage({ runner, tokens }, artifact, niche, scenarios, { from: 'proposed' }, new AbortController().signal)).runs;
    },
    close: () => runner.close(),
  };
}

/** the context a round hands a feed (feeds read no registry) */
export function liveContext(storageDir: string, traces: LabTraces, round = 0, cursor = 0): LiveContext {
  return { storageDir, store: undefined as never, traces, round, cursor, signal: new AbortController().signal };
}

/** how a shadow run ended, in the figures a test checks */
export interface ShadowOutcome {
  type: string;
  reasons: unknown;
  events: number;
  mismatched: number;
}

/**
 * shadows `source` (a copy of the baseline, say) against the niche's baseline with this feed,
 * in the isolate, until the verdict or `maxRounds`; the stage event that ends it comes back
 */
export async function shadowOnce(niche: Niche, feed: LiveFeed, at: { storageDir: string; traces: LabTraces }, source: string, maxRounds = 3): Promise<ShadowOutcome> {
  const keys = loadOrCreateKeys(at.storageDir);
  const store = await openRegistry({ dir: at.storageDir, keys });
  const tokens = new TokenService(keys);
  const runner = new IsolateRunner(new TokenGuard(tokens), { workers: 1, graceMs: 1000 });
  const capabilities = new Capabilities(store);
  const shadow = new ShadowMode(
    {
      store,
      catalog: new NicheCatalog({ heldOutKey: Buffer.alloc(32, 7), storageDir: at.storageDir }, [niche]),
      tokens,
      validator: new AstValidator(),
      stages: new StageRunners([runner]),
      capabilities,
      feeds: new Map([[niche.id, feed]]),
      traces: at.traces,
      storageDir: at.storageDir,
    },
    { maxRounds, maxMs: 120_000, roundGapMs: 10, sandbox: 'isolate' },
  );
  try {
    const sha256 = await store.putSource(source);
    const a: ArtifactRecord = { id: `a_${sha256.slice(0, 26).toUpperCase()}`, proposalId: 'p_none', niche: niche.id, sha256, stage: 'vm', proposer: 'person:test', parents: [], tokens: [], createdAt: new Date().toISOString() };
    await shadow.begin(a);
    for (const end = Date.now() + 240_000; Date.now() < end; ) {
      const done = (await store.eventsOf({ types: ['stage_passed', 'stage_failed'], subject: a.id })).find((e) => e.payload.stage === 'shadow');
      if (done) return outcome(done);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`shadow of ${niche.id} did not end`);
  } finally {
    await shadow.close();
    capabilities.close();
    await runner.close();
    await store.close();
  }
}

function outcome(e: StoredEvent): ShadowOutcome {
  const counts = (e.payload.report as { counts: { events: number; mismatched: number } } | undefined)?.counts;
  return { type: e.type, reasons: e.payload.reasons, events: counts?.events ?? 0, mismatched: counts?.mismatched ?? 0 };
}

/** lab traces as given (the rest empty), as a feed reads them */
export function tracesOf(t: Partial<{ reads: ReturnType<LabTraces['artifactReads']>; keys: number[]; sizes: number[]; pointer: ReturnType<LabTraces['pointerPath']> }>): LabTraces {
  return {
    artifactReads: () => t.reads,
    cacheAccesses: () => ({ keys: t.keys ?? [], sizes: t.sizes ?? [], start: 0 }),
    pointerPath: () => t.pointer ?? { x: [], y: [], buttons: [] },
  };
}
