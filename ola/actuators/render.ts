// renders a gui.fb artifact's framebuffer on demand: the artifact runs in the isolate on a
// public scenario under a short-lived token (recorded), and the last frame comes back as png.
import type { RegistryStore, SandboxRunner, Validator } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { NicheCatalog } from '../niches/catalog.ts';
import { lastFrame } from '../niches/gui.fb/index.ts';
import { runAtStage } from '../promotion/run-at-stage.ts';
import type { TokenService } from '../promotion/tokens.ts';
import { loadRunnable } from '../validate/runnable.ts';
import { encodePng } from './framebuffer.ts';

const CACHE = 16;
const RENDER_TTL_S = 60;

export class FrameRenderer {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly deps: { store: RegistryStore; catalog: NicheCatalog; runner: SandboxRunner; tokens: TokenService; validator: Validator }) {}

  async png(artifactId: string, scenarioId?: string, signal = new AbortController().signal): Promise<Buffer> {
    const { store, catalog, runner, tokens, validator } = this.deps;
    const a = await store.artifact(artifactId);
    if (!a) throw new OlaError('OLA_ERR_NOT_FOUND', `no artifact ${artifactId}`, { field: 'id' });
    if (a.niche !== 'gui.fb') throw new OlaError('OLA_ERR_NOT_FOUND', `artifact ${artifactId} is a ${a.niche} artifact; only gui.fb artifacts draw a framebuffer`, { field: 'id' });
    const niche = catalog.get('gui.fb')!;
    const scenarios = catalog.scenarios('gui.fb').public;
    const scenario = scenarioId ? scenarios.find((s) => s.id === scenarioId) : scenarios[0];
    if (!scenario) throw new OlaError('OLA_ERR_NOT_FOUND', `no public gui.fb scenario ${scenarioId}`, { field: 'scenario', known: scenarios.map((s) => s.id) });
    const key = `${a.sha256}:${scenario.id}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const runnable = await loadRunnable({ store, validator }, a, niche);
    const t = await tokens.issue({ artifactId: a.id, sha256: a.sha256, from: a.stage, to: runner.stage, ttlSeconds: RENDER_TTL_S });
    await store.append({ type: 'token_issued', subject: a.id, payload: { purpose: 'render', token: t.token, nonce: t.nonce, expiresAt: t.expiresAt, from: t.from, to: t.to, scopes: t.scopes } });
    const { runs } = await runAtStage({ runner, tokens }, runnable, niche, [scenario], { from: a.stage, token: t }, signal);
    const run = runs[0];
    const fb = run?.ok ? lastFrame(run.output) : undefined;
    if (!fb) throw new OlaError('OLA_ERR_BAD_OUTPUT', `the artifact drew no frame: ${run?.error?.message ?? 'unreadable output'}`, { field: 'id' });
    const png = encodePng(fb);
    if (this.cache.size >= CACHE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, png);
    return png;
  }
}
