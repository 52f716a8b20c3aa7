// clock baseline: offset = median of the last few sync offsets; two far samples
// in a row are taken as a clock step and restart the window. no drift model.
const WINDOW = 7;
const STEP_MS = 40;
let offsets = [];
let pending = NaN;
let current = NaN;

function med(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const method = 'median-offset';

export function sync(mono, wall) {
  const off = wall - mono;
  if (offsets.length > 0 && Math.abs(off - current) > STEP_MS) {
    // one far sample may be a late outlier; two that agree are a step
    if (Math.abs(off - pending) < STEP_MS) {
      offsets = [pending, off];
      current = med(offsets);
      pending = NaN;
    } else pending = off;
    return;
  }
  pending = NaN;
  offsets.push(off);
  if (offsets.length > WINDOW) offsets.shift();
  current = med(offsets);
}

export function estimate(mono) {
  return Number.isNaN(current) ? mono : mono + current;
}

export function drift() {
  return 0;
}

export function confidence() {
  return Math.min(1, offsets.length / WINDOW);
}
