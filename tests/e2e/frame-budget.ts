// frame timing in the page: every animation frame's duration, recorded from the first script.
import type { Page } from 'playwright-core';

/** an init script: pushes each frame's duration onto window.__frames */
export const FRAME_RECORDER = `window.__frames = []; (() => { let last = performance.now(); const tick = (now) => { window.__frames.push(now - last); last = now; requestAnimationFrame(tick); }; requestAnimationFrame(tick); })();`;

export interface FrameStats {
  frames: number;
  median: number;
  p95: number;
  worst: number;
}

/** the frames recorded since the last call (the first, partial one dropped) */
export async function frameStats(page: Page): Promise<FrameStats> {
  const frames: number[] = await page.evaluate('window.__frames.splice(0).slice(1)');
  const s = [...frames].sort((x, y) => x - y);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? 0;
  return { frames: s.length, median: at(0.5), p95: at(0.95), worst: s.at(-1) ?? 0 };
}

export const fmtStats = (s: FrameStats) => `${s.frames} frames, median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, worst ${s.worst.toFixed(1)} ms`;
