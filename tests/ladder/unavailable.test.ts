// a rung the host cannot run is reported with its reason, artifacts wait there (nothing is
// skipped), and they climb on once the host can run it.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../helpers/test-lab.ts';

let t: TestLab;
let bin: string;
const PATH = process.env.PATH;

beforeAll(async () => {
  // a PATH with every tool the jail needs but bubblewrap
  bin = mkdtempSync(join(tmpdir(), 'ola-nobwrap-'));
  for (const tool of ['sh', 'prlimit', 'setpriv', 'gcc', 'ldd', 'cat']) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`]).toString().trim(), join(bin, tool));
  process.env.PATH = bin;
  t = await startTestLab({ promotion: { enabled: true, recheckMs: 200 } });
});
afterAll(async () => {
  process.env.PATH = PATH;
  await t.close();
  rmSync(bin, { recursive: true, force: true });
});

async function until<T>(what: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('waits at the jail while bubblewrap is missing, and climbs once it is back', async () => {
  const p = await proposeAndSettle(t, { niche: 'clock', source: t.lab.catalog.get('clock')!.baseline, language: 'js', proposer: 'person:test' });
  const id = p.artifactId!;
  const waiting = await until(async () => {
    const a = await t.lab.store.artifact(id);
    return a?.promotion?.state === 'stage_unavailable' ? a : undefined;
  });
  expect(waiting.promotion).toMatchObject({ stage: 'jail', why: expect.stringContaining('bwrap is not installed (Debian package bubblewrap)') });
  expect(waiting.stages?.jail).toBeUndefined();
  const jail = (await t.app.inject({ url: '/stages' })).json().stages.find((s: { stage: string }) => s.stage === 'jail');
  expect(jail).toMatchObject({ available: false, waiting: 1, reason: expect.stringContaining('bwrap') });
  // said once, not at every recheck
  await new Promise((r) => setTimeout(r, 600));
  expect(await t.lab.store.eventsOf({ types: ['stage_unavailable'], subject: id })).toHaveLength(1);

  process.env.PATH = PATH;
  const climbed = await until(async () => {
    const a = await t.lab.store.artifact(id);
    return a?.stages?.jail?.status === 'passed' ? a : undefined;
  });
  expect(climbed.stages!.jail!.gate?.pass).toBe(true);
  expect((await t.lab.store.verify()).ok).toBe(true);
}, 120_000);
