// niche `input.predictor`: from pointer events, predict where the pointer will be a
// horizon ahead, how fast it will move there, and whether a button press is coming.
// the module is fresh for every scenario. coordinates are screen px (1920x1080),
// times ms, velocities px/s.
//
// each scenario is one 30 s session, replayed in time order: observe() for every event,
// then predict(horizonMs) after every `every`-th event (every event, or every 4th on a
// 500 hz mouse). the horizon is fixed per scenario (50-100 ms) and measured from the
// time of the event just observed. no later event is ever shown before you predict.
//
// sessions are synthetic (this machine has no input devices and the project ships no
// recorded traces): minimum-jerk strokes to targets timed by fitts' law, some curved
// (bezier), some with a corrective submovement; clicks (some double, some secondary)
// near the end of the deceleration onto a target; hovers and long pauses; drags with the
// button held; hand tremor (8-12 hz) on a pen that reports even when still. devices: a
// 125 hz mouse, display-coalesced 60 hz events, a 500 hz mouse, a lossy irregular link.
// mice report whole pixels and only when the position or the buttons change, so a still
// mouse is silent. recorded traces may be added as
// <storage>/scenarios/input.predictor/*.json: { id, horizonMs?, events: [[t, x, y, buttons], ...] }.
//
// judged on the host against the generator's truth at t + horizon:
// - pos_error_px (headline, lower is better): mean euclidean error of (x, y); also
//   pos_error_p95_px (the gate bounds the worst scenario's p95) and pos_error_moving_px.
// - vel_error_px_s: rms error of (vx, vy); acc_v = 1 - min(1, vel_error / rms true speed),
//   so predicting zero velocity scores 0 and a perfect one 1.
// - click: a press counts as coming when one starts in (t, t + horizon]; click >= 0.5 says
//   yes. click_precision, click_recall, and click_intent_acc = their f1 (pooled over
//   scenarios); the gate needs a minimum recall and precision. click_brier is reported too.
// - pauses are judged fairly: position and velocity are not judged for a query where the
//   pointer is at rest and a stroke starts within the horizon (its onset is unknowable);
//   click intent is judged on every query.
// - latency_ms: the run's cpu time per prediction (reported, never gated).
// utility = 0.6 * 12 / (12 + pos_error_px) + 0.2 * acc_v + 0.2 * click_intent_acc.
// the gate (public and held-out alike): no failed run, worst-scenario pos_error_p95_px <= 150,
// click_recall >= 0.25,
// click_precision >= 0.08 (a click called on every query fails it), acc_v >= 0.2.
// every field returned must be a finite number and click must lie in 0..1, or the run fails.

/** one pointer event: position, time, and the button bitmask after it (1 primary, 2 secondary) */
export function observe(x: number, y: number, t: number, buttons: number): void;

/** the state you predict `horizonMs` after the last observed event */
export function predict(horizonMs: number): { x: number; y: number; vx: number; vy: number; click: number };

/** optional: a short name for the method */
export const method: string;
