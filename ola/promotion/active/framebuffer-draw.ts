// one frame of the dashboard's framebuffer, drawn where the pointer has been: a gui.fb artifact
// runs in the isolate over the last frames of the path (a fresh module draws them all), and the
// last frame is what the viewer sees. the active artifact draws it through the lab's use of it
// (measured, watched); until one is active, the best gui.fb artifact does (the built-in
// fallback, measured the same way). the metric is the share of the path's frames whose cursor
// passes the niche's per-frame contract at the real pointer.
import type { ArtifactRecord, Niche } from '../../core/contracts.ts';
import type { Framebuffer } from '../../actuators/framebuffer.ts';
import { lastFrame } from '../../niches/gui.fb/index.ts';
import { cursorHitAt, readOutput } from '../../niches/gui.fb/judge.ts';
import type { GuiScenario } from '../../niches/gui.fb/scenarios.ts';
import { loadRunnable } from '../../validate/runnable.ts';
import { runAtStage, type RunnableArtifact } from '../run-at-stage.ts';
import { pointerScenario } from '../shadow/live/gui-fb.ts';
import type { ActiveUse, ActiveUseDeps, Reader } from './use.ts';

export interface DrawnFrame {
  fb: Framebuffer;
  artifactId: string;
  source: 'active' | 'fallback';
  /** share of the drawn frames whose cursor passed at the real pointer */
  hitRate: number;
  frames: number;
}

/** what the lab's uses need, and the use itself */
export interface FramebufferDrawDeps extends Pick<ActiveUseDeps, 'store' | 'catalog' | 'tokens' | 'validator' | 'runner' | 'capabilities'> {
  use: ActiveUse;
}

/** the frame to show, and how many of the path's frames passed the contract */
export const readFrames: (scenario: GuiScenario) => Reader<{ fb: Framebuffer; hitRate: number }> = (scenario) => (out) => {
  const { input } = scenario;
  const read = readOutput(out, input);
  if (typeof read === 'string') return { ok: false, reason: read };
  const fb = lastFrame(out);
  if (!fb) return { ok: false, reason: 'the artifact drew no last frame' };
  let hits = 0;
  for (let f = 0; f < input.x.length; f++) if (cursorHitAt(read.o, input, f, 0)) hits++;
  const hitRate = hits / input.x.length;
  return { ok: true, value: { fb, hitRate }, metric: hitRate };
};

export class FramebufferDraw {
  private readonly runnables = new Map<string, RunnableArtifact>();
  private seq = 0;

  constructor(private readonly d: FramebufferDrawDeps) {}

  /** who draws now: the active artifact, else the best gui.fb artifact, else nobody */
  async drawer(): Promise<{ artifactId: string; source: 'active' | 'fallback' } | undefined> {
    const active = await this.d.capabilities.active('gui.fb');
    if (active) return { artifactId: active.artifactId, source: 'active' };
    const best = await this.d.store.best('gui.fb');
    return best ? { artifactId: best.id, source: 'fallback' } : undefined;
  }

  /** draws the path's frames; undefined when nobody can draw or the use failed (the watch has it) */
  async draw(path: { x: number[]; y: number[]; buttons: number[] }, signal: AbortSignal): Promise<DrawnFrame | undefined> {
    const n = ++this.seq;
    const scenario = pointerScenario(`gui.fb:dashboard:${n}`, n, path.x, path.y, path.buttons);
    const read = readFrames(scenario);
    const active = await this.d.use.run('gui.fb', scenario, read, signal);
    if (active) return { ...active.value, artifactId: active.artifactId, source: 'active', frames: path.x.length };
    // a failed active use is the watch's business: the fallback draws only while nothing is active
    if (await this.d.capabilities.active('gui.fb')) return undefined;
    const best = await this.d.store.best('gui.fb');
    if (!best) return undefined;
    const t0 = performance.now();
    const niche = this.d.catalog.get('gui.fb') as Niche;
    const runnable = await this.runnable(best, niche);
    const { runs } = await runAtStage({ runner: this.d.runner, tokens: this.d.tokens }, runnable, niche, [scenario], { from: best.stage, ttlSeconds: 60 }, signal);
    const got = runs[0]?.ok ? read(runs[0].output) : undefined;
    if (!got?.ok) return undefined;
    this.d.use.fallback('gui.fb', (performance.now() - t0) / 1000, got.value.hitRate);
    return { ...got.value, artifactId: best.id, source: 'fallback', frames: path.x.length };
  }

  private async runnable(a: ArtifactRecord, niche: Niche): Promise<RunnableArtifact> {
    const hit = this.runnables.get(a.id);
    if (hit) return hit;
    const r = await loadRunnable(this.d, a, niche);
    if (this.runnables.size >= 4) this.runnables.delete(this.runnables.keys().next().value!);
    this.runnables.set(a.id, r);
    return r;
  }
}
