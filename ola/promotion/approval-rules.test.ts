import { describe, expect, it } from 'vitest';
import type { ArtifactRecord, Score, StageEvidence } from '../core/contracts.ts';
import type { Stage } from '../core/vocabulary.ts';
import { evidenceFor, evidenceRung, refusal } from './approval-rules.ts';

const score = (utility: number): Score => ({ utility, stability: 1, efficiency: 1, crashes: 0, runs: 4, metrics: { err: 1 }, labels: {}, scenarios: [], harnessHash: 'h', scenariosHash: 's' });
const passed = (stage: Stage): StageEvidence => ({
  stage,
  status: 'passed',
  startedAt: '2026-01-01T00:00:00.000Z',
  decidedAt: '2026-01-01T00:00:01.000Z',
  runner: { accel: 'kvm' },
  score: score(0.9),
  heldOut: score(0.8),
  fuzzed: { ...score(0.7), seeds: [3, 4] },
  reasons: [],
});

function artifact(over: Partial<ArtifactRecord>): ArtifactRecord {
  return { id: 'a_1', proposalId: 'p_1', niche: 'clock', sha256: 'x', stage: 'vm', proposer: 'person', parents: [], tokens: [], createdAt: '2026-01-01T00:00:00.000Z', ...over };
}

const waitingAt = (stage: Stage, stages: ArtifactRecord['stages']) =>
  artifact({ stages, promotion: { state: 'needs_approval', stage, why: `entering ${stage} needs an operator`, at: '2026-01-01T00:00:02.000Z' } });

describe('when an operator may decide', () => {
  it('lets an artifact that passed vm into shadow, and lets it be rejected', () => {
    const a = waitingAt('shadow', { vm: passed('vm') });
    expect(refusal(a, 'approved')).toBeUndefined();
    expect(refusal(a, 'approved', 'shadow')).toBeUndefined();
    expect(refusal(a, 'rejected')).toBeUndefined();
  });

  it('refuses activation until a shadow stage has passed', () => {
    const a = waitingAt('active', { vm: passed('vm') });
    const e = refusal(a, 'approved');
    expect(e).toMatchObject({ code: 'OLA_ERR_EVIDENCE_MISSING', status: 409, detail: { needs: 'shadow' } });
    expect(e!.message).toContain('entering active needs a passed shadow stage');
    expect(e!.message).toContain("a_1's shadow stage is not run");
    // a rejection needs no evidence
    expect(refusal(a, 'rejected')).toBeUndefined();
    expect(refusal(waitingAt('active', { shadow: passed('shadow') }), 'approved')).toBeUndefined();
  });

  it('refuses shadow without a passed vm stage', () => {
    const failedVm = { ...passed('vm'), status: 'failed' as const };
    expect(refusal(waitingAt('shadow', { vm: failedVm }), 'approved')).toMatchObject({ code: 'OLA_ERR_EVIDENCE_MISSING', message: expect.stringContaining('vm stage is failed') });
    expect(refusal(waitingAt('shadow', {}), 'approved')!.message).toContain('vm stage is not run');
  });

  it.each([
    ['not on the ladder', artifact({}), 'it is not on the ladder'],
    ['queued', artifact({ promotion: { state: 'queued', stage: 'jail', why: 'holds a token', at: '' } }), 'it is queued at jail'],
    ['failed', artifact({ promotion: { state: 'failed', stage: 'vm', why: 'failed the vm gate', at: '' } }), 'it is failed at vm'],
    ['waiting at a rung no person decides', artifact({ promotion: { state: 'needs_approval', stage: 'jail', why: '?', at: '' } }), 'jail is not a rung an operator decides'],
  ])('refuses an artifact %s', (_what, a, says) => {
    for (const verdict of ['approved', 'rejected'] as const) expect(refusal(a, verdict)).toMatchObject({ code: 'OLA_ERR_NOT_AWAITING_DECISION', message: expect.stringContaining(says) });
  });

  it('refuses a second decision at a rung, whatever it says', () => {
    const decided = { stage: 'shadow' as const, verdict: 'rejected' as const, operator: 'bob', reason: 'no', at: '2026-01-01T00:00:03.000Z', seq: 42, evidence: { stage: 'vm' as const, status: 'passed' as const } };
    const a = artifact({ stages: { vm: passed('vm') }, decisions: { shadow: decided }, promotion: { state: 'rejected', stage: 'shadow', why: 'rejected', at: '' } });
    for (const verdict of ['approved', 'rejected'] as const) {
      expect(refusal(a, verdict)).toMatchObject({ code: 'OLA_ERR_NOT_AWAITING_DECISION', message: expect.stringContaining('was rejected at shadow by bob'), detail: { decided: { seq: 42 } } });
    }
  });

  it('refuses a decision meant for another rung', () => {
    expect(refusal(waitingAt('shadow', { vm: passed('vm') }), 'approved', 'active')).toMatchObject({ code: 'OLA_ERR_NOT_AWAITING_DECISION', detail: { field: 'body.stage', waitsAt: 'shadow' } });
  });
});

describe('the evidence a decision records', () => {
  it('is the rung below, summed up from its record', () => {
    expect(evidenceRung('shadow')).toBe('vm');
    expect(evidenceRung('active')).toBe('shadow');
    const e = evidenceFor(waitingAt('shadow', { vm: passed('vm') }), 'shadow');
    expect(e).toEqual({
      stage: 'vm',
      status: 'passed',
      decidedAt: '2026-01-01T00:00:01.000Z',
      runner: { accel: 'kvm' },
      public: { utility: 0.9, crashes: 0, runs: 4, metrics: { err: 1 } },
      heldOut: { utility: 0.8, crashes: 0, runs: 4, metrics: { err: 1 } },
      fuzzed: { utility: 0.7, crashes: 0, runs: 4, seeds: [3, 4] },
    });
    expect(evidenceFor(waitingAt('active', {}), 'active')).toEqual({ stage: 'shadow', status: 'missing' });
  });
});
