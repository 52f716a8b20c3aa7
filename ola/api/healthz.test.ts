import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../tests/helpers/test-lab.ts';

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
});
afterAll(() => t.close());

const registry = async () => (await t.app.inject({ url: '/healthz' })).json().registry as { events: number; head: { seq: number; hash: string }; storage: string };

describe('GET /healthz', () => {
  it("shows the registry head (the last event's seq and chain hash) and follows appends", async () => {
    const before = await registry();
    await proposeAndSettle(t, { niche: 'clock', source: 'export function estimate( {', language: 'js' });
    const after = await registry();
    const events = await t.lab.store.eventsAfter(0, 100_000);
    expect(after.head).toEqual({ seq: events.at(-1)!.seq, hash: events.at(-1)!.hash });
    expect(after.events).toBe(after.head.seq);
    expect(after.head.seq).toBeGreaterThan(before.head.seq);
    expect(after.head.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(after.head.hash).not.toBe(before.head.hash);
  });

  it('names the storage folder the lab writes, absolute', async () => {
    expect((await registry()).storage).toBe(resolve(t.dir));
  });
});
