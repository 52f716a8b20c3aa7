// block: exponential smoothing. a single ema with a time constant for uneven steps, and
// holt's double smoothing (level and trend) with a forecast some steps ahead.
function emaAlpha(dt, tau) {
  return dt > 0 && tau > 0 ? 1 - Math.exp(-dt / tau) : 1;
}

function emaNext(prev, x, alpha) {
  return prev + alpha * (x - prev);
}

// state for holt's method: { level, trend, n }
function holtInit(x) {
  return { level: x, trend: 0, n: 1 };
}

function holtStep(s, x, alpha, beta) {
  if (s.n === 0) return { level: x, trend: 0, n: 1 };
  const level = alpha * x + (1 - alpha) * (s.level + s.trend);
  const trend = beta * (level - s.level) + (1 - beta) * s.trend;
  return { level: level, trend: trend, n: s.n + 1 };
}

function holtForecast(s, h) {
  return s.level + h * s.trend;
}
