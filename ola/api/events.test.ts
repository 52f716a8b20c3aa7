import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse } from '../../tests/helpers/sse-client.ts';
import { proposeAndSettle, startTestLab, type TestLab } from '../../tests/helpers/test-lab.ts';
import { clockNiche } from '../niches/clock/index.ts';

let t: TestLab;
let base: string;
beforeAll(async () => {
  t = await startTestLab();
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

describe('GET /events', () => {
  it('replays the registry from the start and follows live appends', async () => {
    const before = await t.lab.store.headSeq();
    const live = readSse(`${base}/events`, (f) => f.some((x) => x.event === 'gate_decided'));
    await new Promise((r) => setTimeout(r, 100));
    await proposeAndSettle(t, { niche: 'clock', source: clockNiche.baseline, language: 'js' });
    const frames = await live;
    const seqs = frames.map((f) => Number(f.id));
    expect(seqs[0]).toBe(1);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.at(-1)).toBeGreaterThan(before);
    const event = JSON.parse(frames.find((f) => f.event === 'gate_decided')!.data);
    expect(event).toMatchObject({ type: 'gate_decided', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('resumes after last-event-id without repeating or skipping', async () => {
    const head = await t.lab.store.headSeq();
    const from = head - 5;
    const frames = await readSse(`${base}/events`, (f) => f.length >= 5, { headers: { 'last-event-id': String(from) } });
    expect(frames.slice(0, 5).map((f) => Number(f.id))).toEqual([from + 1, from + 2, from + 3, from + 4, from + 5]);
  });

  it('filters by type', async () => {
    const frames = await readSse(`${base}/events?types=proposal_received`, (f) => f.length >= 1);
    expect(frames.every((f) => f.event === 'proposal_received')).toBe(true);
  });
});
