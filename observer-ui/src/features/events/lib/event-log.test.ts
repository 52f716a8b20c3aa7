import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.ts';
import type { LabEvent } from './event-types.ts';

const ev = (seq: number, type: string, subject: string, payload: Record<string, unknown> = {}): LabEvent => ({ seq, ts: '2026-01-01T00:00:00.000Z', type, subject, payload });

describe('EventLog', () => {
  it('learns each subject niche and filters by type and niche', () => {
    const log = new EventLog();
    log.add([
      ev(1, 'proposal_received', 'p_1', { niche: 'clock' }),
      ev(2, 'proposal_validated', 'p_1', { artifactId: 'a_1' }),
      ev(3, 'token_issued', 'a_1'),
      ev(4, 'proposal_received', 'p_2', { niche: 'gui.fb' }),
      ev(5, 'lab_started', 'lab'),
    ]);
    expect(log.niche(log.events[2]!)).toBe('clock');
    expect(log.tail({ types: new Set(), niche: 'clock' }, 10).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(log.tail({ types: new Set(['proposal_received']), niche: '' }, 10).map((e) => e.seq)).toEqual([1, 4]);
    expect(log.tail({ types: new Set(), niche: '' }, 2).map((e) => e.seq)).toEqual([4, 5]);
    expect(Object.fromEntries(log.nicheCounts)).toEqual({ clock: 3, 'gui.fb': 1 });
  });

  it('keeps at most its cap of events', () => {
    const log = new EventLog(3);
    log.add([1, 2, 3, 4, 5].map((i) => ev(i, 't', 's')));
    expect(log.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.lastSeq).toBe(5);
  });
});
