// gui.fb scenarios: deterministic, in bounds, and able to measure what the judge measures.
import { describe, expect, it } from 'vitest';
import { scenariosHash } from '../../score/scenario-hash.ts';
import { HEIGHT, informativeFrames, MIN_INFORMATIVE, WIDTH } from './cursor-contract.ts';
import { guiFbNiche } from './index.ts';
import { generate, KINDS } from './scenarios.ts';

const ctx = (fill: number) => ({ heldOutKey: Buffer.alloc(32, fill), storageDir: '/nonexistent' });

describe('gui.fb scenarios', () => {
  it('are the same from the same seeds, and held-out ones follow the key without naming their seed', () => {
    const a = guiFbNiche.scenarios(ctx(1));
    const b = guiFbNiche.scenarios(ctx(1));
    const c = guiFbNiche.scenarios(ctx(2));
    expect(scenariosHash(a)).toBe(scenariosHash(b));
    expect(a.filter((s) => !s.heldOut)).toHaveLength(5);
    const held = (x: typeof a) => x.filter((s) => s.heldOut);
    expect(held(a)).toHaveLength(4);
    expect(scenariosHash(held(a))).not.toBe(scenariosHash(held(c)));
    expect(scenariosHash(a.filter((s) => !s.heldOut))).toBe(scenariosHash(c.filter((s) => !s.heldOut)));
    for (const s of held(a)) expect(s.id).not.toContain(String(s.seed));
    expect(held(a).map((s) => s.kind)).toContain('edges');
  });

  it('stay on screen, last 60-120 frames, and always carry frames that tell lag apart', () => {
    for (const kind of KINDS) {
      for (let seed = 1; seed <= 120; seed++) {
        const { input, truth } = generate(seed * 7919, kind, false);
        const n = input.x.length;
        expect(n).toBeGreaterThanOrEqual(60);
        expect(n).toBeLessThanOrEqual(120);
        expect(input.y.length).toBe(n);
        expect(input.buttons.length).toBe(n);
        expect(input.dt.length).toBe(n);
        for (let f = 0; f < n; f++) {
          if (input.x[f]! < 0 || input.x[f]! >= WIDTH || input.y[f]! < 0 || input.y[f]! >= HEIGHT) throw new Error(`${kind}/${seed} off screen at ${f}`);
        }
        let telling = 0;
        for (const v of truth.informative) telling += v;
        expect(telling).toBeGreaterThanOrEqual(MIN_INFORMATIVE);
        expect([...truth.informative]).toEqual([...informativeFrames(input.x, input.y)]);
        expect(input.sampleSeed).toBeGreaterThan(0);
      }
    }
  });

  it('edge runs reach the edges and corners, and paths hold still at times', () => {
    let corners = 0, edges = 0, still = 0, pressed = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { input } = generate(seed, 'edges', false);
      for (let f = 0; f < input.x.length; f++) {
        const onX = input.x[f] === 0 || input.x[f] === WIDTH - 1, onY = input.y[f] === 0 || input.y[f] === HEIGHT - 1;
        if (onX && onY) corners++;
        else if (onX || onY) edges++;
        if (f > 0 && input.x[f] === input.x[f - 1] && input.y[f] === input.y[f - 1]) still++;
        if (input.buttons[f]) pressed++;
      }
    }
    expect(corners).toBeGreaterThan(20);
    expect(edges).toBeGreaterThan(100);
    expect(still).toBeGreaterThan(50);
    expect(pressed).toBeGreaterThan(0);
  });

  it('differ by kind: sweeps move fast somewhere, jumps teleport', () => {
    const speeds = (kind: (typeof KINDS)[number]) => {
      const { input } = generate(5, kind, false);
      const v: number[] = [];
      for (let f = 1; f < input.x.length; f++) v.push(Math.hypot(input.x[f]! - input.x[f - 1]!, input.y[f]! - input.y[f - 1]!));
      return v;
    };
    expect(Math.max(...speeds('sweep'))).toBeGreaterThanOrEqual(24);
    expect(Math.max(...speeds('jumps'))).toBeGreaterThan(60);
  });
});
