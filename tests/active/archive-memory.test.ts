// a checkpoint of a large registry: its export streams through in pages that are let go, and the
// lab's event loop keeps turning while it is written (the hour-long autopilot died of a heap oom
// in its second checkpoint: every sha matched in a page kept that page alive, and the whole
// export was held until the sources were packed).
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

let t: TestLab;
/** proposals to append: 20 pages of the export, each about 1.8 MB */
const EVENTS = 20_000;

beforeAll(async () => {
  t = await startTestLab({ archive: { everyMs: 0 } });
  // a new source every 500 events, so every page of the export names one not seen before
  const shas: string[] = [];
  for (let i = 0; i < EVENTS / 500; i++) shas.push(await t.lab.store.putSource(`export function now() { return ${i}; }\n`));
  const pad = 'x'.repeat(1500);
  for (let i = 0; i < EVENTS; i++) {
    await t.lab.store.append({
      type: 'proposal_received',
      subject: `p_bulk_${i}`,
      payload: { niche: 'clock', proposer: 'person:bulk', language: 'js', sourceSha256: shas[Math.floor(i / 500)], parents: [], meta: { pad } },
    });
  }
}, 300_000);
afterAll(() => t.close());

it('lets each page of the export go, and keeps the event loop turning while it writes', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let turns = 0;
  let on = true;
  const spin = () => {
    turns++;
    if (on) setImmediate(spin);
  };
  // the sources are read once the whole export has gone through: the heap and the turns are read there
  const store = t.lab.store;
  const getSource = store.getSource;
  let atSources: { heap: number; turns: number } | undefined;
  store.getSource = async (sha) => {
    if (!atSources) {
      gc();
      atSources = { heap: process.memoryUsage().heapUsed, turns };
    }
    return getSource(sha);
  };
  try {
    gc();
    const before = process.memoryUsage().heapUsed;
    setImmediate(spin);
    const v = await t.lab.active.checkpoints.make('a large registry', new AbortController().signal);
    expect(v.plainBytes).toBeGreaterThan(30e6);
    expect(v.files).toBe(1 + EVENTS / 500);
    // the export is about 36 MB: holding it (as before) grew the heap by as much
    expect((atSources!.heap - before) / 2 ** 20).toBeLessThan(10);
    // one turn at least for every page of the export (none before: every read and the gzip were synchronous)
    expect(atSources!.turns).toBeGreaterThanOrEqual(EVENTS / 1000);
  } finally {
    on = false;
    store.getSource = getSource;
  }
  const verify = await t.app.inject({ method: 'POST', url: '/registry/verify', payload: { full: true } });
  expect(verify.json()).toMatchObject({ ok: true });
}, 300_000);
