// one evolution run on one niche: seeded, budgeted, resumable from the registry. children
// go through the lab's lifecycle like any proposal (proposer "evolve", parents as lineage).
import type { ArtifactRecord, Niche, RegistryStore } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import type { LifecycleEngine } from '../../lifecycle/engine.ts';
import { rng as makeRng, type Rng } from '../../niches/shared/rng.ts';
import { sha256Hex } from '../../registry/chain.ts';
import type { Validator } from '../../core/contracts.ts';
import { Archive, cellOf, type Elite } from './archive.ts';
import { loopCount, parseModule } from './ast.ts';
import { makeChild } from './mutate.ts';

export interface EvolveOptions {
  runId: string;
  niche: Niche;
  seed: number;
  budget: { evaluations: number; seconds?: number };
  islands: number;
  /** children per generation, evaluated concurrently */
  batch: number;
  migrateEvery: number;
}

export interface GenerationReport {
  generation: number;
  evaluations: number;
  passed: number;
  best?: { id: string; fitness: number; headline: number };
  archive: number;
  elapsedS: number;
}

export interface EvolveDeps {
  engine: LifecycleEngine;
  store: RegistryStore;
  validator: Validator;
}

export class EvolutionRun {
  readonly archive: Archive;
  readonly generations: GenerationReport[] = [];
  evaluations = 0;
  private readonly seen = new Set<string>();
  private baselineHeadline: number | undefined;
  /** the generation to continue from after a restart */
  resumedGeneration = 0;

  constructor(
    private readonly deps: EvolveDeps,
    readonly opts: EvolveOptions,
  ) {
    this.archive = new Archive(opts.islands);
  }

  get store(): RegistryStore {
    return this.deps.store;
  }

  get baseline(): number | undefined {
    return this.baselineHeadline;
  }

  private async elite(a: ArtifactRecord | undefined): Promise<Elite | undefined> {
    if (!a?.gate?.pass || !a.score || a.score.crashes > 0) return undefined;
    const source = await this.deps.store.getSource(a.sha256);
    if (source === undefined) return undefined;
    // evolution works on javascript: ts artifacts are taken in their transpiled form
    let module = source;
    for (const language of ['js', 'ts'] as const) {
      const v = await this.deps.validator.validate({ source, language, requiredExports: this.opts.niche.requiredExports });
      if (v.ok) {
        module = v.value.module;
        break;
      }
      if (language === 'ts') return undefined;
    }
    const headline = a.score.metrics[this.opts.niche.headline.metric] ?? NaN;
    return { id: a.id, module, fitness: a.score.utility, headline, bytes: module.length, loops: loopCount(parseModule(module)) };
  }

  private async propose(source: string, meta: Record<string, unknown>, parents: string[]): Promise<ArtifactRecord | undefined> {
    let id: string;
    for (;;) {
      try {
        ({ id } = await this.deps.engine.submit({ niche: this.opts.niche.id, source, language: 'js', proposer: 'evolve', parents, meta: { runId: this.opts.runId, ...meta } }));
        break;
      } catch (err) {
        if ((err as OlaError).code !== 'OLA_ERR_BUSY') throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const p = await this.deps.engine.settled(id, 10 * 60_000);
    return p.artifactId ? this.deps.store.artifact(p.artifactId) : undefined;
  }

  /** the starting population: this run's own artifacts (resume), the niche's best, the baseline */
  async seed(): Promise<void> {
    const { niche, runId } = this.opts;
    const mine = await this.deps.store.artifactsOfRun(runId);
    // a resumed run already has its seed; a new run proposes the baseline through the lifecycle
    const baseline = mine.find((a) => a.meta?.role === 'seed') ?? (await this.propose(niche.baseline, { role: 'seed' }, []));
    const b = await this.elite(baseline);
    if (!b) throw new OlaError('OLA_ERR_INTERNAL', `the ${niche.id} baseline did not pass its gate; nothing to evolve from`);
    this.baselineHeadline = b.headline;
    for (const island of this.archive.islands) island.offer(b);
    const best = await this.deps.store.best(niche.id);
    const be = best && best.id !== baseline?.id ? await this.elite(best) : undefined;
    if (be) for (const island of this.archive.islands) island.offer(be);
    for (const a of mine) {
      if (a.meta?.role === 'seed') continue;
      this.resumedGeneration = Math.max(this.resumedGeneration, Number(a.meta?.generation ?? -1) + 1);
      const e = await this.elite(a);
      if (e) this.archive.islands[Number(a.meta?.island ?? 0) % this.opts.islands]!.offer(e);
      this.seen.add(a.sha256);
      this.evaluations++;
    }
  }

  /** one generation: a batch of children across the islands, evaluated together */
  async generation(g: number, rng: Rng): Promise<{ offered: number; newBest: boolean }> {
    const { islands, batch } = this.opts;
    const before = this.archive.best()?.fitness ?? -Infinity;
    const children: { source: string; island: number; parents: string[]; ops: string[] }[] = [];
    const want = Math.min(batch, this.opts.budget.evaluations - this.evaluations);
    for (let k = 0, tries = 0; children.length < want && tries < want * 10; tries++, k++) {
      const island = k % islands;
      const parent = this.archive.islands[island]!.select(rng);
      if (!parent) continue;
      const donor = this.archive.islands[rng.int(0, islands)]!.select(rng);
      const child = makeChild(parent, donor && donor.id !== parent.id ? [donor] : [], rng);
      if (!child) continue;
      const sha = sha256Hex(child.source);
      if (this.seen.has(sha)) continue;
      this.seen.add(sha);
      children.push({ ...child, island });
    }
    const results = await Promise.all(children.map((c) => this.propose(c.source, { island: c.island, generation: g, ops: c.ops }, c.parents)));
    let offered = 0;
    for (const [i, a] of results.entries()) {
      this.evaluations++;
      const e = await this.elite(a);
      if (e && this.archive.islands[children[i]!.island]!.offer(e)) {
        offered++;
        await this.deps.store.append({ type: 'elite_added', subject: this.opts.runId, payload: { artifactId: e.id, island: children[i]!.island, cell: cellOf(e), fitness: e.fitness, headline: e.headline } });
      }
    }
    return { offered, newBest: (this.archive.best()?.fitness ?? -Infinity) > before };
  }
}
