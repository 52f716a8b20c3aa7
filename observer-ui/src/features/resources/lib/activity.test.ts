import { describe, expect, it } from 'vitest';
import { Activity } from './activity.ts';

describe('Activity', () => {
  it('buckets outcomes, promotions, crashes and telemetry means by minute', () => {
    const a = new Activity();
    const at = (m: number) => `2026-01-01T10:0${m}:30.000Z`;
    a.add({ ts: at(1), type: 'gate_decided', payload: { decision: { pass: true } } });
    a.add({ ts: at(1), type: 'gate_decided', payload: { decision: { pass: false } } });
    a.add({ ts: at(1), type: 'proposal_rejected', payload: {} });
    a.add({ ts: at(1), type: 'score_recorded', payload: { score: { crashes: 2 } } });
    a.add({ ts: at(1), type: 'input_prediction', payload: { pos_error_px: 4 } });
    a.add({ ts: at(1), type: 'input_prediction', payload: { pos_error_px: 6 } });
    a.add({ ts: at(2), type: 'stage_passed', payload: {} });
    a.add({ ts: at(2), type: 'gui_construct', payload: { latency_ms: null } });
    expect(a.rows()).toEqual([
      { minute: '10:01', passed: 1, gateFailed: 1, rejected: 1, failed: 0, promotions: 0, crashes: 2, predictionErrorPx: 5, guiLatencyMs: null },
      { minute: '10:02', passed: 0, gateFailed: 0, rejected: 0, failed: 0, promotions: 1, crashes: 0, predictionErrorPx: null, guiLatencyMs: null },
    ]);
  });
});
