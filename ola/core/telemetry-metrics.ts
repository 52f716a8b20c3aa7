// niche figures worth watching over time, read from the telemetry event the lifecycle records
// for every scored artifact: one observation per candidate, in the metric's base unit.
import type { TelemetryEvent } from './vocabulary.ts';

export interface TelemetryMetric {
  event: TelemetryEvent;
  /** the field of the event's payload */
  field: string;
  name: string;
  help: string;
  /** from the payload's unit to the metric's */
  scale: number;
  buckets: number[];
}

export const TELEMETRY_METRICS: readonly TelemetryMetric[] = [
  {
    event: 'gui_construct',
    field: 'latency_ms',
    name: 'ola_gui_cursor_latency_seconds',
    help: 'gui.fb: how far the cursor lags the pointer, per scored artifact (frames at 60 hz, in seconds)',
    scale: 1e-3,
    // just above 0, 1, 2, 3, 5, 8, 15 and 30 frames of 1/60 s
    buckets: [0.001, 0.017, 0.034, 0.051, 0.084, 0.134, 0.251, 0.501],
  },
  {
    event: 'input_prediction',
    field: 'pos_error_px',
    name: 'ola_input_prediction_error_pixels',
    help: 'input.predictor: mean position error of each scored artifact, in pixels',
    scale: 1,
    buckets: [1, 2, 5, 10, 20, 40, 80, 160, 320],
  },
];
