// scripted pointer paths: segments (sweeps, circles, jumps, edge runs, still periods)
// appended to a path. positions are integer pixels clamped to the screen, as a real pointer is.
import type { Rng } from '../shared/rng.ts';
import { chebyshev, HEIGHT, LAG_DISTANCE, LAGS, WIDTH } from './cursor-contract.ts';

export class PointerPath {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  readonly buttons: number[] = [];
  private held = 0;

  constructor(
    private readonly r: Rng,
    private x: number,
    private y: number,
  ) {}

  get length(): number {
    return this.xs.length;
  }

  private push(x: number, y: number): void {
    this.x = Math.min(WIDTH - 1, Math.max(0, Math.round(x)));
    this.y = Math.min(HEIGHT - 1, Math.max(0, Math.round(y)));
    this.xs.push(this.x);
    this.ys.push(this.y);
    this.buttons.push(this.held);
  }

  /** a segment may be a drag: button 1 held throughout (sometimes button 2) */
  press(p: number): this {
    this.held = this.r.chance(p) ? (this.r.chance(0.2) ? 2 : 1) : 0;
    return this;
  }

  still(frames: number): this {
    for (let i = 0; i < frames; i++) this.push(this.x, this.y);
    return this;
  }

  /** a straight move at a steady speed; a target off-screen slides along the edge */
  sweep(tx: number, ty: number, speed: number): this {
    const dist = Math.hypot(tx - this.x, ty - this.y);
    const steps = Math.max(1, Math.ceil(dist / speed));
    const x0 = this.x, y0 = this.y;
    for (let i = 1; i <= steps; i++) this.push(x0 + ((tx - x0) * i) / steps, y0 + ((ty - y0) * i) / steps);
    return this;
  }

  /** a circle through the current position; speed is px per frame along the arc */
  circle(radius: number, speed: number, frames: number): this {
    const phase = this.r.range(0, 2 * Math.PI);
    const cx = this.x - radius * Math.cos(phase), cy = this.y - radius * Math.sin(phase);
    const omega = (speed / radius) * this.r.pick([-1, 1]);
    for (let i = 1; i <= frames; i++) this.push(cx + radius * Math.cos(phase + omega * i), cy + radius * Math.sin(phase + omega * i));
    return this;
  }

  /** a teleport (a tablet pen, a second screen): one frame, far from the recent positions */
  jump(): this {
    for (let tries = 0; tries < 64; tries++) {
      const x = this.r.int(0, WIDTH), y = this.r.int(0, HEIGHT);
      if (this.farFromRecent(x, y)) {
        this.push(x, y);
        return this;
      }
    }
    // the screen is large and the recent positions few; this is never reached in practice
    this.push(this.x < WIDTH / 2 ? WIDTH - 1 : 0, this.y < HEIGHT / 2 ? HEIGHT - 1 : 0);
    return this;
  }

  /** into a corner or along an edge, overshooting so the clamp holds the pointer there */
  edge(speed: number): this {
    const corner = this.r.chance(0.5);
    const over = 80;
    if (corner) return this.sweep(this.r.pick([-over, WIDTH - 1 + over]), this.r.pick([-over, HEIGHT - 1 + over]), speed);
    const side = this.r.int(0, 4);
    if (side === 0) return this.sweep(-over, this.r.int(0, HEIGHT), speed);
    if (side === 1) return this.sweep(WIDTH - 1 + over, this.r.int(0, HEIGHT), speed);
    if (side === 2) return this.sweep(this.r.int(0, WIDTH), -over, speed);
    return this.sweep(this.r.int(0, WIDTH), HEIGHT - 1 + over, speed);
  }

  private farFromRecent(x: number, y: number): boolean {
    const n = this.xs.length;
    for (let k = 1; k < LAGS && n - k >= 0; k++) {
      if (chebyshev(x, y, this.xs[n - k]!, this.ys[n - k]!) < LAG_DISTANCE) return false;
    }
    return true;
  }

  /** cut to n frames (the last segment may run past) */
  truncate(n: number): this {
    this.xs.length = Math.min(this.xs.length, n);
    this.ys.length = this.xs.length;
    this.buttons.length = this.xs.length;
    // the pointer is where the kept path ends
    this.x = this.xs.at(-1) ?? this.x;
    this.y = this.ys.at(-1) ?? this.y;
    return this;
  }
}
