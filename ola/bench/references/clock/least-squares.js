// reference (kept out of every archive): what ntp and chrony do, in small. the offset
// (wall - mono) is a least-squares line over a sliding window of sync samples; its slope is
// the drift, pulled towards a prior of 0 +- 90 ppm while the window is short. late replies
// only ever read low, so samples far below the line are dropped before the final fit (the
// scale from the median absolute residual). a sample far from the line starts a step
// candidate; two that agree with each other are a step, and the window restarts from them
// keeping the drift.
const WINDOW = 24;
const MAX_AGE_MS = 60000;
const STEP_MS = 40;
const AGREE_MS = 15;
const NOISE_FLOOR_MS = 0.3;
const MIN_CUT_MS = 2;
const LOW_CUT = 2.5;
const HIGH_CUT = 4;
const NOISE_PRIOR_MS = 1.5;
const PRIOR_N = 8;
// drifts are within +-150 ppm: a spread of about 90 ppm
const DRIFT_PRIOR = 90e-6;
const STEP_DRIFT_SD = 30e-6;

let ts = [];
let offs = [];
let pend = [];
let base = NaN, off0 = 0;
let fitA = NaN, fitB = 0, fitMx = 0, sigma = 1;
let driftPrior = 0, driftPriorSd = DRIFT_PRIOR;

export const method = 'least-squares-window';

function line(keep, priorB, priorSd, noise) {
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < ts.length; i++) if (keep[i]) (n++, (sx += ts[i]), (sy += offs[i]));
  if (n === 0) return null;
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < ts.length; i++) {
    if (!keep[i]) continue;
    sxx += (ts[i] - mx) * (ts[i] - mx);
    sxy += (ts[i] - mx) * (offs[i] - my);
  }
  // the prior on the slope weighs as much as sxx would with noise / priorSd of spread
  const lam = (noise * noise) / (priorSd * priorSd);
  return { a: my, b: (sxy + lam * priorB) / (sxx + lam), mx: mx };
}

function median(xs) {
  const s = xs.slice().sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// a start (the least-squares line, or with under five samples the median offset along the
// prior slope), then fits that drop what lies too far from the line: below it (late
// replies) sooner than above
function refit() {
  let keep = ts.map(() => true);
  let f = line(keep, driftPrior, driftPriorSd, sigma);
  if (ts.length < 5) {
    const mt = median(ts);
    f = { a: median(offs.map((o, i) => o - driftPrior * (ts[i] - mt))), b: driftPrior, mx: mt };
  }
  for (let pass = 0; pass < 3; pass++) {
    const res = offs.map((o, i) => o - (f.a + f.b * (ts[i] - f.mx)));
    const kept = res.filter((r, i) => keep[i]);
    // few samples say little about the noise: shrink towards a prior guess of it
    const mad = 1.4826 * median(kept.map(Math.abs));
    const scale = Math.max(NOISE_FLOOR_MS, Math.sqrt((PRIOR_N * NOISE_PRIOR_MS ** 2 + kept.length * mad * mad) / (PRIOR_N + kept.length)));
    keep = res.map((r) => r > -Math.max(MIN_CUT_MS, LOW_CUT * scale) && r < Math.max(MIN_CUT_MS, HIGH_CUT * scale));
    f = line(keep, driftPrior, driftPriorSd, scale) ?? f;
    sigma = scale;
  }
  fitA = f.a;
  fitB = f.b;
  fitMx = f.mx;
}

// the offset the line gives at mono, relative to the first sample's
function predicted(mono) {
  return fitA + fitB * (mono - base - fitMx);
}

export function sync(mono, wall) {
  // times and offsets relative to the first sample keep the sums precise
  if (Number.isNaN(base)) (base = mono), (off0 = wall - mono);
  const t = mono - base;
  const off = wall - mono - off0;
  if (ts.length > 0 && Math.abs(off - predicted(mono)) > STEP_MS) {
    // far from the line: a late outlier or a step; a step shows twice
    const agree = pend.length > 0 && Math.abs(off - pend[pend.length - 1].off - fitB * (t - pend[pend.length - 1].t)) < AGREE_MS;
    pend.push({ t: t, off: off });
    if (!agree) {
      pend = [pend[pend.length - 1]];
      return;
    }
    // a step: the window restarts from the samples that agree, the drift carries over
    driftPrior = fitB;
    driftPriorSd = STEP_DRIFT_SD;
    ts = pend.map((p) => p.t);
    offs = pend.map((p) => p.off);
    pend = [];
    refit();
    return;
  }
  pend = [];
  ts.push(t);
  offs.push(off);
  while (ts.length > WINDOW || (ts.length > 3 && t - ts[0] > MAX_AGE_MS)) {
    ts.shift();
    offs.shift();
  }
  refit();
}

export function estimate(mono) {
  return ts.length === 0 ? mono : mono + off0 + predicted(mono);
}

export function drift() {
  return fitB * 1e6;
}

export function confidence() {
  return Math.min(1, ts.length / 8) / (1 + sigma);
}
