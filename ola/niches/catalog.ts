// the niches the lab has, and their scenario sets split into public and held-out.
// recorded traces live in storage/scenarios/<niche>/; a change there regenerates the set.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Niche, NicheInfo, Scenario, ScenarioContext } from '../core/contracts.ts';
import clock from './clock/index.ts';
import fuseCompress from './fuse.compress/index.ts';
import guiFb from './gui.fb/index.ts';
import inputPredictor from './input.predictor/index.ts';
import ioCoalesce from './io.coalesce/index.ts';
import ramStrategy from './ram.strategy/index.ts';
import usbProbe from './usb.probe/index.ts';

export const ALL_NICHES: Niche[] = [clock, guiFb, inputPredictor, fuseCompress, ioCoalesce, ramStrategy, usbProbe] as Niche[];

export interface ScenarioSet {
  public: Scenario[];
  heldOut: Scenario[];
}

export class NicheCatalog {
  private readonly byId: Map<string, Niche>;
  private readonly sets = new Map<string, { set: ScenarioSet; stamp: number }>();

  constructor(
    private readonly ctx: ScenarioContext,
    niches: Niche[] = ALL_NICHES,
  ) {
    this.byId = new Map(niches.map((n) => [n.id, n]));
  }

  list(): Niche[] {
    return [...this.byId.values()];
  }

  get(id: string): Niche | undefined {
    return this.byId.get(id);
  }

  /** the niche's fuzzed scenarios for these seeds (none when it has no fuzz generator) */
  fuzzed(id: string, seeds: readonly number[]): Scenario[] {
    const niche = this.byId.get(id);
    if (!niche?.fuzz) return [];
    return seeds.map((seed) => niche.fuzz!(seed, this.ctx));
  }

  /** scenarios are regenerated only when recordings change (deterministic otherwise) */
  scenarios(id: string): ScenarioSet {
    const niche = this.byId.get(id);
    if (!niche) throw new Error(`no niche ${id}`);
    const stamp = recordingStamp(this.ctx.storageDir, id);
    const hit = this.sets.get(id);
    if (hit && hit.stamp === stamp) return hit.set;
    const all = niche.scenarios(this.ctx);
    const set = { public: all.filter((s) => !s.heldOut), heldOut: all.filter((s) => s.heldOut) };
    this.sets.set(id, { set, stamp });
    return set;
  }
}

function recordingStamp(storageDir: string, niche: string): number {
  try {
    return statSync(join(storageDir, 'scenarios', niche)).mtimeMs;
  } catch {
    return 0;
  }
}

export function nicheInfo(n: Niche): NicheInfo {
  const { id, title, description, interfaceText, requiredExports, event, gates, headline } = n;
  return { id, title, description, interfaceText, requiredExports, event, gates, headline };
}
