// an operator's kill switch: every run of an artifact stops at once, at any rung (climbs,
// shadow rounds, renders, the lab's own uses), every token of it is refused from then on, and
// an active one is rolled back. the kill is recorded first, so a lab restarted mid-kill still
// refuses the artifact.
import type { RegistryStore } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { TokenGuard } from '../sandbox/runner.ts';
import type { Capabilities } from './active/capabilities.ts';
import type { ShadowMode } from './shadow/experiment.ts';

export interface KillResult {
  artifactId: string;
  operator: string;
  reason: string;
  at: string;
  seq: number;
  /** runs under way that were stopped */
  stoppedRuns: number;
  /** it was active: what is active again (null: the built-in fallback) */
  rolledBackTo?: string | null;
}

export class KillSwitch {
  constructor(private readonly d: { store: RegistryStore; guard: TokenGuard; shadow: ShadowMode; capabilities: Capabilities }) {}

  /** blocks every artifact a kill was recorded for (at start, and for kills by other labs) */
  async restore(): Promise<void> {
    for (const e of await this.d.store.eventsOf({ types: ['artifact_killed'] }, 1_000_000)) this.d.guard.block(e.subject, String(e.payload.reason ?? 'killed'));
  }

  async kill(artifactId: string, operator: string, reason: string): Promise<KillResult> {
    const a = await this.d.store.artifact(artifactId);
    if (!a) throw new OlaError('OLA_ERR_NOT_FOUND', `no artifact ${artifactId}`, { field: 'id' });
    if (a.promotion?.state === 'killed') throw new OlaError('OLA_ERR_ALREADY_KILLED', `${artifactId} was killed already: ${a.promotion.why}`, { killedAt: a.promotion.at });
    const e = await this.d.store.append({ type: 'artifact_killed', subject: artifactId, payload: { operator, reason, why: `killed by ${operator}: ${reason}`, stage: a.promotion?.stage ?? a.stage, was: a.promotion?.state ?? null } });
    // shadow first (it would count its aborted rounds as crashes), then every run under way
    await this.d.shadow.stop(artifactId);
    const stoppedRuns = this.d.guard.block(artifactId, `by ${operator}: ${reason}`);
    const result: KillResult = { artifactId, operator, reason, at: e.ts, seq: e.seq, stoppedRuns };
    const cur = await this.d.capabilities.active(a.niche);
    if (cur?.artifactId === artifactId) {
      const r = await this.d.capabilities.rollback(a.niche, { why: `killed by ${operator}: ${reason}`, by: operator, automatic: false, expect: artifactId });
      result.rolledBackTo = r.to;
    }
    return result;
  }
}
