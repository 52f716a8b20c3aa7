// niche `clock`: infer wall time from monotonic time and sparse, jittered sync samples.
// times are milliseconds (floats). the module is fresh for every scenario.
// samples arrive in time order, interleaved with estimate() calls.
// sync samples are noisy (network jitter, rare late outliers), come every 0.5-3 s,
// some are dropped, the clock drifts (up to +-150 ppm, slowly wandering), and the
// wall clock may step (hundreds of ms) between two samples.

/** a sync sample: at monotonic time `mono`, a reference said the wall time was `wall` */
export function sync(mono: number, wall: number): void;

/** the wall time you infer at monotonic time `mono` */
export function estimate(mono: number): number;

/** optional: the drift you infer, in ppm (wall ms gained per monotonic ms, minus 1, times 1e6) */
export function drift(): number;

/** optional: your confidence in the current estimate, 0..1 */
export function confidence(): number;

/** optional: a short name for the method */
export const method: string;
