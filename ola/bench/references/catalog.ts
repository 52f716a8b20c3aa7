// strong human-designed references per niche, for bench:evolve to score beside the evolved
// best. they are never registered and never offered to a proposer: an artifact reference
// runs through the same sandbox and judge as any artifact, a host reference is computed on
// the host and judged (or measured) the way the niche's judge does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Niche, Scenario, ScenarioScore } from '../../core/contracts.ts';
import { deflateReference } from '../../niches/fuse.compress/index.ts';
import type { FuseInput, FuseTruth } from '../../niches/fuse.compress/scenarios.ts';
import type { Plan } from '../../niches/io.coalesce/plan-check.ts';
import type { IoScenario } from '../../niches/io.coalesce/scenarios.ts';
import { bestGapPlan, judgePlans, naivePlan } from './io-plans.ts';

export interface ArtifactReference {
  kind: 'artifact';
  name: string;
  about: string;
  /** the module source (the niche's baseline for a niche whose baseline is the reference) */
  source(niche: Niche): string;
}

export interface HostMeasure {
  /** aggregated as the niche's judge aggregates */
  metrics: Record<string, number>;
  /** per scenario, where the niche's judge judged it */
  scenarios: ScenarioScore[];
  note?: string;
}

export interface HostReference {
  kind: 'host';
  name: string;
  about: string;
  measure(niche: Niche, scenarios: Scenario[]): HostMeasure;
}

export type Reference = ArtifactReference | HostReference;

const dir = fileURLToPath(new URL('.', import.meta.url));

function file(niche: string, name: string, about: string): ArtifactReference {
  const text = readFileSync(`${dir}${niche}/${name}.js`, 'utf8');
  return { kind: 'artifact', name, about, source: () => text };
}

const deflate: HostReference = {
  kind: 'host',
  name: 'deflate -6',
  about: 'node:zlib raw deflate level 6 on the same 16 KiB blocks, each alone',
  measure(_niche, scenarios) {
    const d = deflateReference(scenarios as Scenario<FuseInput, FuseTruth>[]);
    const metrics: Record<string, number> = { ratio: d.ratio, compress_mb_s: d.compress_mb_s, decompress_mb_s: d.decompress_mb_s };
    for (const [kind, r] of Object.entries(d.ratio_by_kind)) metrics[`ratio_${kind}`] = r;
    return { metrics, scenarios: [], note: 'host codec; speeds are host wall time' };
  },
};

function ioReference(name: string, about: string, pick: (niche: Niche, s: IoScenario) => { plan: Plan; gap?: number }): HostReference {
  return {
    kind: 'host',
    name,
    about,
    measure(niche, scenarios) {
      const gaps: number[] = [];
      const judged = judgePlans(niche.judge, scenarios as IoScenario[], (s) => {
        const p = pick(niche, s);
        if (p.gap !== undefined) gaps.push(p.gap);
        return p.plan;
      });
      const ok = judged.filter((s) => s.ok);
      return { metrics: ok.length > 0 ? niche.judge.aggregate(ok) : {}, scenarios: judged, note: gaps.length > 0 ? `gaps chosen: ${gaps.join(', ')} B` : undefined };
    },
  };
}

export const REFERENCES: Readonly<Record<string, readonly Reference[]>> = {
  clock: [file('clock', 'least-squares', 'least-squares offset and drift over a sliding window, outlier rejection, step detection (ntp/chrony style)')],
  'fuse.compress': [deflate],
  'ram.strategy': [
    file('ram.strategy', 'lru', 'least recently used'),
    file('ram.strategy', 'arc', 'adaptive replacement cache (megiddo and modha), size-aware'),
    file('ram.strategy', 's3-fifo', 'small, main and ghost fifos (yang et al. 2023), size-aware'),
  ],
  'io.coalesce': [
    ioReference('naive', 'one read per request', (_n, s) => ({ plan: naivePlan(s.input) })),
    ioReference('sort-merge (offline gap)', 'per window: sort by offset, merge holes up to a gap; the gap picked per scenario in hindsight by utility', (n, s) =>
      bestGapPlan(s.input, n.judge.utility),
    ),
  ],
  'input.predictor': [
    file('input.predictor', 'cv-kalman', 'kalman filter, constant-velocity model'),
    file('input.predictor', 'ca-kalman', 'kalman filter, constant-acceleration model'),
  ],
  'gui.fb': [{ kind: 'artifact', name: 'baseline', about: 'the baseline: its cursor already hits every frame with no lag', source: (n) => n.baseline }],
};

export function referencesOf(niche: string): readonly Reference[] {
  return REFERENCES[niche] ?? [];
}
