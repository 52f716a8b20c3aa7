// block: least-squares line y = a + b (x - mx) over a window of samples [from, to), with
// optional weights (null: all 1) and an optional ridge pull of the slope towards a prior.
// centred on the window's mean x, so large x (timestamps) keep their precision.
function lsqFit(xs, ys, ws, from, to, priorSlope, priorWeight) {
  let sw = 0, sx = 0, sy = 0;
  for (let i = from; i < to; i++) {
    const w = ws === null ? 1 : ws[i];
    sw += w;
    sx += w * xs[i];
    sy += w * ys[i];
  }
  if (!(sw > 0)) return { mx: 0, a: NaN, b: NaN, n: 0, rms: NaN };
  const mx = sx / sw, my = sy / sw;
  let sxx = 0, sxy = 0;
  for (let i = from; i < to; i++) {
    const w = ws === null ? 1 : ws[i];
    const dx = xs[i] - mx;
    sxx += w * dx * dx;
    sxy += w * dx * (ys[i] - my);
  }
  const pw = priorWeight > 0 ? priorWeight : 0;
  const p0 = pw > 0 ? priorSlope : 0;
  const b = sxx + pw > 0 ? (sxy + pw * p0) / (sxx + pw) : 0;
  let ss = 0;
  for (let i = from; i < to; i++) {
    const w = ws === null ? 1 : ws[i];
    const r = ys[i] - (my + b * (xs[i] - mx));
    ss += w * r * r;
  }
  return { mx: mx, a: my, b: b, n: to - from, rms: Math.sqrt(ss / sw) };
}

// the fitted line's value at x
function lsqAt(fit, x) {
  return fit.a + fit.b * (x - fit.mx);
}

// residual of sample i against the fit (positive: the sample is above the line)
function lsqResidual(fit, xs, ys, i) {
  return ys[i] - lsqAt(fit, xs[i]);
}
