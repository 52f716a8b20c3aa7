// the live framebuffer's frames: a gui.fb artifact drawing the lab's cursor around a looped
// path, run in the sandbox (frame k is the last frame of the path's first k + 1 positions,
// since an artifact hands back only its last frame), encoded as png and kept per artifact.
import type { Lab } from '../../lab.ts';
import type { RunResult, Scenario } from '../../core/contracts.ts';
import { stageLimits } from '../../core/ladder.ts';
import { OlaError } from '../../core/errors.ts';
import { cursorPath } from '../../actuators/cursor-path.ts';
import { encodePng } from '../../actuators/framebuffer.ts';
import { lastFrame } from '../../niches/gui.fb/index.ts';
import { cursorHitAt, readOutput } from '../../niches/gui.fb/judge.ts';
import type { GuiInput } from '../../niches/gui.fb/scenarios.ts';
import { runAtStage } from '../../promotion/run-at-stage.ts';
import { AstValidator } from '../../validate/validator.ts';
import { loadRunnable } from '../../validate/runnable.ts';

// the loop moved to actuators/ (shadow mode draws it too); re-exported for existing callers
export { cursorPath, LOOP_FRAMES } from '../../actuators/cursor-path.ts';

/** prefixes per sandbox job: each job has its own token and stays well within its wall limit */
const PER_JOB = 10;
/** a render is not judged: a loaded host gets more wall time than a gate run, still killed past it */
const MIN_WALL_MS = 5000;
const WIDTH = 640;
const HEIGHT = 480;
const FRAME_MS = 1000 / 60;
const TOKEN_TTL_S = 120;

export interface FrameLoop {
  artifactId: string;
  width: number;
  height: number;
  frames: Buffer[];
  renderMs: number;
  /** share of the loop's frames whose cursor passes the niche's per-frame contract */
  hitRate: number;
}

function prefixScenario(path: { x: number[]; y: number[] }, k: number): Scenario {
  const n = k + 1;
  return {
    id: `live:${k}`,
    seed: k,
    kind: 'live',
    heldOut: false,
    input: {
      width: WIDTH,
      height: HEIGHT,
      x: Int16Array.from(path.x.slice(0, n)),
      y: Int16Array.from(path.y.slice(0, n)),
      buttons: new Uint8Array(n),
      dt: new Float64Array(n).fill(FRAME_MS),
      sampleSeed: 12345,
    },
    truth: null,
  };
}

export class FrameLoops {
  private readonly loops = new Map<string, Promise<FrameLoop>>();
  private readonly validator = new AstValidator();

  constructor(private readonly lab: Lab) {}

  /** the artifact to show: the one asked for, else the best gui.fb artifact */
  async pick(artifactId?: string): Promise<string | undefined> {
    if (artifactId) return artifactId;
    return (await this.lab.store.best('gui.fb'))?.id;
  }

  loop(artifactId: string, signal: AbortSignal): Promise<FrameLoop> {
    let p = this.loops.get(artifactId);
    if (!p) {
      p = this.render(artifactId, signal);
      this.loops.set(artifactId, p);
      // a failed render is not kept: the next viewer tries again
      p.catch(() => this.loops.delete(artifactId));
      while (this.loops.size > 4) this.loops.delete(this.loops.keys().next().value!);
    }
    return p;
  }

  private async render(artifactId: string, signal: AbortSignal): Promise<FrameLoop> {
    const t0 = performance.now();
    const { store, catalog, tokens, runner } = this.lab;
    const a = await store.artifact(artifactId);
    if (!a) throw new OlaError('OLA_ERR_NOT_FOUND', `no artifact ${artifactId}`, { field: 'artifact' });
    if (a.niche !== 'gui.fb') throw new OlaError('OLA_ERR_NOT_FOUND', `artifact ${artifactId} is a ${a.niche} artifact; only gui.fb artifacts draw a framebuffer`, { field: 'artifact' });
    const niche = catalog.get('gui.fb')!;
    const runnable = await loadRunnable({ store, validator: this.validator }, a, niche);
    const path = cursorPath();
    const scenarios = path.x.map((_, k) => prefixScenario(path, k));
    const base = stageLimits(niche, runner.stage);
    const limits = { ...base, wallMs: Math.max(base.wallMs, MIN_WALL_MS) };
    const runs: RunResult[] = [];
    for (let i = 0; i < scenarios.length; i += PER_JOB) {
      const t = await tokens.issue({ artifactId: a.id, sha256: a.sha256, from: a.stage, to: runner.stage, ttlSeconds: TOKEN_TTL_S });
      await store.append({ type: 'token_issued', subject: a.id, payload: { purpose: 'live-framebuffer', token: t.token, nonce: t.nonce, expiresAt: t.expiresAt, from: t.from, to: t.to, scopes: t.scopes } });
      runs.push(...(await runAtStage({ runner, tokens }, runnable, niche, scenarios.slice(i, i + PER_JOB), { from: a.stage, token: t, limits }, signal)).runs);
    }
    let hits = 0;
    const frames = runs.map((r, k) => {
      const fb = r.ok ? lastFrame(r.output) : undefined;
      if (!fb) throw new OlaError('OLA_ERR_BAD_OUTPUT', `the artifact drew no frame ${k}: ${r.error?.message ?? 'unreadable output'}`, { field: 'artifact' });
      // frame k is the last of its run: its cursor is judged at the path's k-th position
      const input = scenarios[k]!.input as GuiInput;
      const read = readOutput(r.output, input);
      if (typeof read !== 'string' && cursorHitAt(read.o, input, k, 0)) hits++;
      return encodePng(fb);
    });
    return { artifactId: a.id, width: WIDTH, height: HEIGHT, frames, renderMs: Math.round(performance.now() - t0), hitRate: hits / frames.length };
  }
}
