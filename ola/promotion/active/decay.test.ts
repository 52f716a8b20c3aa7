// the decay review's findings: unused (no use in a whole window), outperformed (a newer artifact
// passed shadow against it, or with a better mean), none; and a review is recorded only when its
// findings change, also across a restart.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArtifactRecord, NewEvent, ShadowBrief, StoredEvent } from '../../core/contracts.ts';
import type { ActiveCapability } from './capabilities.ts';
import { DecayReview, type DecayDeps } from './decay.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-30T12:00:00.000Z');

function brief(over: Partial<ShadowBrief>): ShadowBrief {
  return {
    verdict: 'pass',
    confidence: 0.95,
    p: 0.01,
    delta: 0.3,
    counts: { events: 400, matched: 400, mismatched: 0, ignored: 0 },
    incumbent: { artifactId: null, kind: 'baseline' },
    crashes: { candidate: 0, incumbent: 0 },
    candidateMean: 0.5,
    incumbentMean: 0.8,
    metric: 'abs_error_ms',
    reasons: ['not worse'],
    ...over,
  };
}

function artifact(id: string, createdAt: number, shadow?: ShadowBrief, state = 'needs_approval'): ArtifactRecord {
  return {
    id,
    proposalId: `p_${id}`,
    niche: 'clock',
    sha256: id,
    stage: shadow ? 'shadow' : 'vm',
    proposer: 'person:test',
    parents: [],
    tokens: [],
    createdAt: new Date(createdAt).toISOString(),
    ...(shadow ? { stages: { shadow: { stage: 'shadow', status: 'passed', startedAt: '', decidedAt: new Date(createdAt + MIN).toISOString(), shadow, reasons: [] } } } : {}),
    promotion: { state: state as 'needs_approval', stage: 'active', why: '', at: '' },
  } as ArtifactRecord;
}

/** a registry in memory: the events appended, the artifacts given */
function world(artifacts: ArtifactRecord[], active?: ActiveCapability) {
  const events: StoredEvent[] = [];
  const listeners = new Set<(e: StoredEvent) => void>();
  let clock = T0;
  const store: DecayDeps['store'] = {
    async append(e: NewEvent) {
      const s = { ...e, seq: events.length + 1, ts: new Date(clock).toISOString(), prev: '', hash: '', sig: '' };
      events.push(s);
      for (const l of listeners) l(s);
      return s;
    },
    async eventsOf(f) {
      return events.filter((e) => (!f.types || f.types.includes(e.type)) && (!f.subject || e.subject === f.subject));
    },
    async artifact(id) {
      return artifacts.find((a) => a.id === id);
    },
    async onLadder(states) {
      return artifacts.filter((a) => states.includes(a.promotion!.state));
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const caps = { current: active, active: async () => caps.current };
  const deps: DecayDeps = { store, capabilities: caps, niches: () => [{ id: 'clock', better: 'lower' }], now: () => clock };
  return {
    events,
    caps,
    deps,
    advance: (ms: number) => (clock += ms),
    review: (d = new DecayReview(deps, { reviewEveryMs: 10 * MIN, unusedAfterMs: 10 * MIN })) => d,
  };
}

const activeOf = (a: ArtifactRecord, since = T0): ActiveCapability => ({ niche: 'clock', artifactId: a.id, sha256: a.sha256, since: new Date(since).toISOString(), previous: null, seq: 1, why: 'approved' });

describe('the decay review', () => {
  it('finds nothing while nothing is active, and records nothing', async () => {
    const w = world([]);
    const r = await w.review().review();
    expect(r.findings).toEqual([]);
    expect(r.niches[0]).toMatchObject({ niche: 'clock', active: null, seq: null, why: 'nothing is active: the lab uses its built-in fallback' });
    expect(w.events).toEqual([]);
  });

  it('lists an active capability unused for a whole window, with its last use, and not before', async () => {
    const a = artifact('a_A', T0 - 60 * MIN, brief({}), 'top');
    const w = world([a], activeOf(a));
    const d = w.review();
    d.noteUse({ niche: 'clock', source: 'active', ok: true });
    d.noteUse({ niche: 'clock', source: 'fallback', ok: true });
    w.advance(5 * MIN);
    // watched for half a window only
    expect((await d.review()).findings).toEqual([]);
    w.advance(6 * MIN);
    const r = await d.review();
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f).toMatchObject({ kind: 'unused', artifactId: 'a_A', unused: { windowMs: 10 * MIN, uses: 1, failed: 0, lastUse: new Date(T0).toISOString() } });
    expect(f.why).toMatch(/^unused: no use of a_A in the last 10 min \(its last use was at 2026-11-30T12:00:00.000Z; 1 uses seen since/);
    // a use clears it
    d.noteUse({ niche: 'clock', source: 'active', ok: false });
    expect((await d.review()).findings).toEqual([]);
    expect(w.events.map((e) => (e.payload.findings as unknown[]).length)).toEqual([1, 0]);
  });

  it('counts uses afresh when the capability changes', async () => {
    const a = artifact('a_A', T0 - 60 * MIN, brief({}), 'top');
    const w = world([a], activeOf(a));
    const d = w.review();
    d.start();
    d.noteUse({ niche: 'clock', source: 'active', ok: true });
    w.advance(20 * MIN);
    await w.deps.store.append({ type: 'capability_activated', subject: 'capability:clock', payload: { niche: 'clock', artifactId: 'a_A' } });
    w.advance(5 * MIN);
    const r = await d.review();
    expect(r.findings).toEqual([]);
    expect(r.niches[0]!.uses).toBe(0);
    await d.stop();
  });

  it('lists an active capability outperformed by a newer artifact, with the verdicts and means', async () => {
    const a = artifact('a_A', T0 - 60 * MIN, brief({ candidateMean: 0.6 }), 'top');
    const against = artifact('a_B', T0 - 30 * MIN, brief({ incumbent: { artifactId: 'a_A', kind: 'active' }, candidateMean: 0.4, incumbentMean: 0.6, p: 0.002, delta: 0.41 }));
    const better = artifact('a_C', T0 - 20 * MIN, brief({ candidateMean: 0.3 }));
    // not rivals: worse mean against the baseline, marginal, older, rejected, another metric
    const worse = artifact('a_D', T0 - 20 * MIN, brief({ candidateMean: 0.9 }));
    const marginal = artifact('a_E', T0 - 20 * MIN, brief({ verdict: 'marginal', incumbent: { artifactId: 'a_A', kind: 'active' } }));
    const older = artifact('a_F', T0 - 90 * MIN, brief({ incumbent: { artifactId: 'a_A', kind: 'active' } }));
    const rejected = artifact('a_G', T0 - 20 * MIN, brief({ incumbent: { artifactId: 'a_A', kind: 'active' } }), 'rejected');
    const w = world([a, against, better, worse, marginal, older, rejected], activeOf(a));
    const d = w.review();
    d.noteUse({ niche: 'clock', source: 'active', ok: true });
    const r = await d.review();
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.kind).toBe('outperformed');
    expect(f.rivals!.map((x) => x.artifactId).sort()).toEqual(['a_B', 'a_C']);
    expect(f.rivals!.find((x) => x.artifactId === 'a_B')).toMatchObject({ verdict: 'pass', against: 'a_A', p: 0.002, delta: 0.41, better: true, direction: 'lower', mean: 0.4, incumbentMean: 0.6, activeMean: 0.6 });
    expect(f.why).toContain('a_B passed its shadow stage against it, better (p 0.00200, delta 0.410; mean abs_error_ms 0.400 against 0.600, lower is better)');
    expect(f.why).toContain("a_C passed its shadow stage against the baseline with a better mean abs_error_ms than a_A's own shadow report (0.300 against 0.600, lower is better)");
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ type: 'decay_reviewed', subject: 'capability:clock', payload: { niche: 'clock', active: 'a_A', before: null } });
  });

  it('records a review only when its findings change, also across a restart', async () => {
    const a = artifact('a_A', T0 - 60 * MIN, brief({}), 'top');
    const b = artifact('a_B', T0 - 30 * MIN, brief({ incumbent: { artifactId: 'a_A', kind: 'active' }, p: 0.6, delta: 0.02 }));
    const w = world([a, b], activeOf(a));
    const d = w.review();
    d.noteUse({ niche: 'clock', source: 'active', ok: true });
    // a pass that is only no worse is listed too, and says so
    expect((await d.review()).findings[0]!.why).toMatch(/^outperformed: a_B passed its shadow stage against it, no worse \(p 0.600, delta 0.0200;/);
    for (let i = 0; i < 2; i++) await d.review();
    expect(w.events).toHaveLength(1);
    // a lab started again reads what was recorded, and does not repeat it
    const again = w.review();
    again.noteUse({ niche: 'clock', source: 'active', ok: true });
    expect((await again.review()).niches[0]!.seq).toBe(1);
    expect(w.events).toHaveLength(1);
    // unused too: the findings changed
    w.advance(11 * MIN);
    const r = await again.review();
    expect(r.findings.map((f) => f.kind).sort()).toEqual(['outperformed', 'unused']);
    expect(w.events).toHaveLength(2);
    expect(w.events[1]!.payload.before).toBe(1);
    await again.review();
    expect(w.events).toHaveLength(2);
    // nothing active any more: the findings are gone, recorded once
    w.caps.current = undefined;
    await again.review();
    await again.review();
    expect(w.events).toHaveLength(3);
    expect(w.events[2]!.payload).toMatchObject({ active: null, findings: [] });
  });

  it('goes on watching across a restart with the same capability active, its downtime not counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ola-decay-'));
    const file = join(dir, 'decay', 'uses.json');
    const policy = { reviewEveryMs: 10 * MIN, unusedAfterMs: 10 * MIN };
    try {
      const a = artifact('a_A', T0 - 60 * MIN, brief({}), 'top');
      const w = world([a], activeOf(a, T0 - 60 * MIN));
      const first = new DecayReview({ ...w.deps, file }, policy);
      first.noteUse({ niche: 'clock', source: 'active', ok: true });
      w.advance(4 * MIN);
      expect((await first.review()).findings).toEqual([]);
      w.advance(MIN);
      await first.stop();
      expect(JSON.parse(readFileSync(file, 'utf8')).niches.clock).toMatchObject({ artifactId: 'a_A', uses: 1, last: T0, from: T0 });

      // down for an hour, then started twice with no review in between: the watch survives both
      w.advance(60 * MIN);
      await new DecayReview({ ...w.deps, file }, policy).stop();
      w.advance(30 * MIN);
      const again = new DecayReview({ ...w.deps, file }, policy);
      // 5 min of running time since the last use: not unused yet, and the use before the restart counts
      const r = await again.review();
      expect(r.findings).toEqual([]);
      expect(r.niches[0]!.uses).toBe(1);
      expect(r.niches[0]!.lastUse).toBe(new Date(T0).toISOString());
      w.advance(6 * MIN);
      const f = (await again.review()).findings[0]!;
      expect(f).toMatchObject({ kind: 'unused', unused: { uses: 1, lastUse: new Date(T0).toISOString(), observedSince: new Date(T0).toISOString(), downMs: 90 * MIN } });
      expect(f.why).toContain('the lab was down for 90 min of it, not counted');
      await again.stop();

      // another artifact active after the restart: the saved uses were not of it
      const b = artifact('a_B', T0, brief({}), 'top');
      w.caps.current = activeOf(b, T0 + 100 * MIN);
      w.advance(MIN);
      const other = new DecayReview({ ...w.deps, file }, policy);
      const o = await other.review();
      expect(o.niches[0]).toMatchObject({ active: 'a_B', uses: 0, lastUse: null, findings: [] });
      await other.stop();
      expect(JSON.parse(readFileSync(file, 'utf8')).niches.clock).toMatchObject({ artifactId: 'a_B', uses: 0, downMs: 0 });

      // a damaged file costs the watch, never the start
      writeFileSync(file, '{"savedAt": "yesterday", "niches": [');
      const damaged = new DecayReview({ ...w.deps, file }, policy);
      expect((await damaged.review()).niches[0]!.uses).toBe(0);
      await damaged.stop();
      expect(JSON.parse(readFileSync(file, 'utf8')).niches.clock.artifactId).toBe('a_B');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shares a review under way, and records nothing once stopped', async () => {
    const a = artifact('a_A', T0 - 60 * MIN, brief({}), 'top');
    const b = artifact('a_B', T0 - 30 * MIN, brief({ incumbent: { artifactId: 'a_A', kind: 'active' } }));
    const w = world([a, b], activeOf(a));
    const d = w.review();
    const [x, y] = [d.review(), d.review()];
    expect(x).toBe(y);
    await x;
    expect(d.latest()).toBe(await x);
    const e = world([a, b], activeOf(a));
    const stopped = e.review();
    await stopped.stop();
    expect((await stopped.review()).niches[0]!.seq).toBeNull();
    expect(e.events).toEqual([]);
  });
});
