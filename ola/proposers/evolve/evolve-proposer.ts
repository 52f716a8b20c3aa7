// the evolve proposer: children of the archive's elites by ast mutation and crossover,
// a map-elites archive per island, seeded so a run repeats.
import type { ArtifactRecord, Niche, ProposalInput, ProposalOutcome, Proposer, RegistryStore, Score, Validator } from '../../core/contracts.ts';
import { rng } from '../../niches/shared/rng.ts';
import { sha256Hex } from '../../registry/chain.ts';
import { Archive, cellOf, type Elite } from './archive.ts';
import { loopCount, parseModule, type AnyNode } from './ast.ts';
import { interfaceExports, type OpContext } from './context.ts';
import { extend, lineageOf, type Lineage } from './lineage.ts';
import { makeChild } from './mutate.ts';

/** registered artifacts of the niche (from other runs) kept as transplant donors */
const HISTORY = 16;
/** rounds an island may go without a fitter best before it is restarted (diversity, not collapse) */
export const RESTART_AFTER = 12;

export interface EvolveSettings {
  runId: string;
  niche: Niche;
  seed: number;
  islands: number;
  migrateEvery: number;
}

export class EvolveProposer implements Proposer {
  readonly name = 'evolve';
  readonly archive: Archive;
  private readonly seen = new Set<string>();
  private seeded = false;
  private baselineHeadline: number | undefined;
  private history: AnyNode[] | undefined;
  /** the seed as an elite: a restarted island starts again from it */
  private seedElite: Elite | undefined;
  /** per island, the round its best last got fitter */
  private readonly lastGain: number[];
  baselineFitness: number | undefined;

  constructor(
    private readonly deps: { store: RegistryStore; validator: Validator },
    private readonly s: EvolveSettings,
  ) {
    this.archive = new Archive(s.islands);
    this.lastGain = new Array<number>(s.islands).fill(0);
  }

  get baseline(): number | undefined {
    return this.baselineHeadline;
  }

  best(): { id: string; fitness: number; headline: number; lineage?: Lineage } | undefined {
    const b = this.archive.best();
    return b ? { id: b.id, fitness: b.fitness, headline: b.headline, lineage: b.lineage } : undefined;
  }

  /** the niche's gate-passing artifacts from other runs, read once per start or resume */
  private async loadHistory(): Promise<AnyNode[]> {
    if (this.history) return this.history;
    const all = await this.deps.store.artifacts({ niche: this.s.niche.id, limit: 4 * HISTORY });
    const mine = all.filter((a) => a.meta?.runId !== this.s.runId && a.meta?.role !== 'seed');
    const elites = await Promise.all(mine.map((a) => this.elite(a)));
    this.history = elites.flatMap((e) => (e ? [parseModule(e.module)] : [])).slice(0, HISTORY);
    return this.history;
  }

  /** a gate-passing artifact as an elite (ts artifacts in their transpiled form) */
  private async elite(a: ArtifactRecord | undefined): Promise<Elite | undefined> {
    if (!a?.gate?.pass || !a.score || a.score.crashes > 0) return undefined;
    const source = await this.deps.store.getSource(a.sha256);
    if (source === undefined) return undefined;
    let module: string | undefined;
    for (const language of ['js', 'ts'] as const) {
      const v = await this.deps.validator.validate({ source, language, requiredExports: this.s.niche.requiredExports });
      if (v.ok) {
        module = v.value.module;
        break;
      }
    }
    if (module === undefined) return undefined;
    const headline = a.score.metrics[this.s.niche.headline.metric] ?? NaN;
    const fitness = this.s.niche.fitness?.(a.score) ?? a.score.utility;
    return { id: a.id, module, fitness, headline, bytes: module.length, loops: loopCount(parseModule(module)), lineage: lineageOf(a.meta?.lineage), profile: this.profile(a.score) };
  }

  /** the niche's utility per public scenario, in scenario id order, rounded so cells repeat */
  private profile(score: Score): number[] | undefined {
    if (score.scenarios.length === 0) return undefined;
    const sorted = [...score.scenarios].sort((x, y) => (x.scenarioId < y.scenarioId ? -1 : x.scenarioId > y.scenarioId ? 1 : 0));
    return sorted.map((sc) => {
      const u = sc.ok ? this.s.niche.judge.utility(sc.metrics) : 0;
      return Number.isFinite(u) ? Math.round(u * 1000) / 1000 : 0;
    });
  }

  private offerAll(e: Elite): void {
    for (const island of this.archive.islands) island.offer(e);
  }

  async restore(artifacts: ArtifactRecord[]): Promise<void> {
    let last = 0;
    for (const a of artifacts) {
      this.seen.add(a.sha256);
      last = Math.max(last, Number(a.meta?.generation ?? 0) || 0);
      const e = await this.elite(a);
      if (a.meta?.role === 'seed') {
        this.seeded = true;
        if (e) (this.baselineHeadline = e.headline), (this.baselineFitness = e.fitness), (this.seedElite = e), this.archive.setReference(e.profile), this.offerAll(e);
      } else if (e) this.archive.islands[Number(a.meta?.island ?? 0) % this.s.islands]!.offer(e);
    }
    // like migrations, restarts are not replayed: a resumed run gives every island a fresh span
    this.lastGain.fill(last);
  }

  /**
   * islands whose best has not got fitter for RESTART_AFTER rounds start again from the seed and
   * one elite of another island (the island holding the run's best is kept): a run that
   * plateaus keeps looking elsewhere instead of refining one lineage
   */
  private async restartStale(round: number): Promise<void> {
    const top = this.archive.best();
    for (let i = 0; i < this.s.islands; i++) {
      const island = this.archive.islands[i]!;
      if (round - this.lastGain[i]! < RESTART_AFTER || (top && island.best()?.id === top.id)) continue;
      const r = rng((this.s.seed ^ Math.imul(round + 1, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35)) >>> 0);
      const others = this.archive.islands.filter((_, k) => k !== i);
      const donor = others.length ? others[r.int(0, others.length)]!.select(r) : undefined;
      const stale = round - this.lastGain[i]!;
      island.cells.clear();
      const reseeded = [this.seedElite, donor].filter((e): e is Elite => e !== undefined);
      for (const e of reseeded) island.offer(e);
      this.lastGain[i] = round;
      await this.deps.store.append({
        type: 'island_restarted',
        subject: this.s.runId,
        payload: { island: i, round, reseeded: reseeded.map((e) => e.id), why: `island ${i}'s best had not got fitter for ${stale} rounds: it starts again from the seed and an elite of another island` },
      });
    }
  }

  async next(round: number, count: number): Promise<ProposalInput[]> {
    const base = { niche: this.s.niche.id, language: 'js' as const, proposer: this.name };
    if (!this.seeded) {
      // the run starts from the baseline, judged by the lifecycle like everything else,
      // and from the niche's best registered artifact
      this.seeded = true;
      const best = await this.deps.store.best(this.s.niche.id);
      const e = await this.elite(best);
      if (e) this.offerAll(e);
      return [{ ...base, source: this.s.niche.baseline, meta: { role: 'seed' } }];
    }
    if (this.archive.size === 0) return [];
    if (round > 0 && round % this.s.migrateEvery === 0) this.archive.migrate();
    await this.restartStale(round);
    // each round has its own stream, so a resumed run continues the same sequence
    const r = rng((this.s.seed ^ Math.imul(round + 1, 0x9e3779b9)) >>> 0);
    const ctx: Omit<OpContext, 'blocks'> = {
      niche: this.s.niche.id,
      exports: { all: interfaceExports(this.s.niche.interfaceText), required: this.s.niche.requiredExports },
      history: await this.loadHistory(),
    };
    const out: ProposalInput[] = [];
    for (let k = 0, tries = 0; out.length < count && tries < count * 10; tries++, k++) {
      const island = k % this.s.islands;
      const parent = this.archive.islands[island]!.select(r);
      if (!parent) continue;
      const donor = this.archive.islands[r.int(0, this.s.islands)]!.select(r);
      const child = makeChild(parent, donor && donor.id !== parent.id ? [donor] : [], r, ctx);
      if (!child) continue;
      const sha = sha256Hex(child.source);
      if (this.seen.has(sha)) continue;
      this.seen.add(sha);
      const lineage = extend(parent.lineage, child.operators, child.blocks);
      out.push({ ...base, source: child.source, parents: child.parents, meta: { island, generation: round, ops: child.ops, operators: child.operators, blocks: child.blocks, lineage } });
    }
    return out;
  }

  async observe(outcomes: ProposalOutcome[]): Promise<void> {
    for (const o of outcomes) {
      const e = await this.elite(o.artifact);
      if (o.input.meta?.role === 'seed') {
        if (!e) throw new Error(`the ${this.s.niche.id} baseline did not pass its gate; nothing to evolve from`);
        this.baselineHeadline = e.headline;
        this.baselineFitness = e.fitness;
        this.seedElite = e;
        this.archive.setReference(e.profile);
        this.offerAll(e);
        continue;
      }
      const island = Number(o.input.meta?.island ?? 0);
      const before = this.archive.islands[island]!.best()?.fitness ?? -Infinity;
      if (e && e.fitness > before) this.lastGain[island] = Number(o.input.meta?.generation ?? 0) || 0;
      if (e && this.archive.islands[island]!.offer(e)) {
        await this.deps.store.append({
          type: 'elite_added',
          subject: this.s.runId,
          payload: { artifactId: e.id, island, cell: cellOf(e, this.archive.islands[island]!.reference), fitness: e.fitness, headline: e.headline },
        });
      }
    }
  }
}
