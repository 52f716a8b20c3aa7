import { describe, expect, it } from 'vitest';
import { colourOf, formatEvent } from './event-format.ts';
import type { LabEvent } from './event-types.ts';

const ev = (type: string, payload: Record<string, unknown> = {}): LabEvent => ({ seq: 7, ts: '2026-01-01T10:11:12.345Z', type, subject: 'p_1', payload });

describe('event colours', () => {
  it('tells failures, passes, promotions, evolution and telemetry apart', () => {
    const red = colourOf(ev('proposal_rejected'));
    expect(colourOf(ev('stage_failed'))).toBe(red);
    expect(colourOf(ev('token_refused'))).toBe(red);
    const pass = colourOf(ev('gate_decided', { decision: { pass: true } }));
    const fail = colourOf(ev('gate_decided', { decision: { pass: false } }));
    expect(pass).not.toBe(fail);
    const families = [red, pass, colourOf(ev('stage_passed')), colourOf(ev('stage_started')), colourOf(ev('evolution_generation')), colourOf(ev('internal_clock_inferred')), colourOf(ev('token_issued'))];
    expect(new Set(families).size).toBe(families.length);
  });

  it("shows an operator's decision: approvals as passes, rejections as failures, who and why", () => {
    expect(colourOf(ev('promotion_approved'))).toBe(colourOf(ev('stage_passed')));
    expect(colourOf(ev('promotion_rejected'))).toBe(colourOf(ev('stage_failed')));
    const line = formatEvent(ev('promotion_approved', { stage: 'shadow', operator: 'alice', reason: 'vm evidence holds' }), 'clock');
    expect(line).toContain('approved into shadow by alice: vm evidence holds');
  });

  it('writes one line with seq, time, type, subject, niche and a summary, without control characters from the payload', () => {
    const line = formatEvent(ev('proposal_rejected', { reasons: [{ message: 'bad\nthing\x1b[2J' }] }), 'clock');
    expect(line).toContain('#7');
    expect(line).toContain('10:11:12.345');
    expect(line).toContain('clock');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toContain('\x1b[2J');
  });

  it('cuts the summary to the terminal width', () => {
    const e = ev('lab_started', { text: 'x'.repeat(500) });
    const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
    expect(visible(formatEvent(e, undefined, 140)).length).toBeLessThanOrEqual(140);
    expect(visible(formatEvent(e, undefined)).length).toBeGreaterThan(140);
  });
});
