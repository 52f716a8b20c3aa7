// registry appends per second on sqlite and on postgresql, the same events through the same
// RegistryStore interface: one at a time (each awaited) and many in flight (a busy lab).
import type { NewEvent, RegistryStore } from '../core/contracts.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { loadOrCreateKeys } from '../registry/keys.ts';
import { openRegistry } from '../registry/open-store.ts';

export interface AppendRates {
  /** each append awaited before the next */
  sequential: number;
  /** `inFlight` appends at once */
  concurrent: number;
}

function event(i: number): NewEvent {
  return {
    type: 'run_executed',
    subject: `p_SCALE${String(i).padStart(20, '0')}`,
    payload: { artifactId: `a_SCALE${i}`, stage: 'isolate', phase: 'public', ms: 2.5, runs: [{ scenarioId: 's0', ok: true, cpuMs: 0.8, wallMs: 1.1, heapBytes: 98_304 }] },
  };
}

async function rate(n: number, inFlight: number, append: (i: number) => Promise<unknown>, tick: () => void): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        await append(next++);
        tick();
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/** a fresh registry (sqlite under a temp folder, or a fresh postgresql database), appends timed on it */
export async function appendRates(databaseUrl: string | undefined, n: number, inFlight: number, tick: () => void): Promise<AppendRates> {
  const s = tmpStorage();
  let store: RegistryStore | undefined;
  try {
    store = await openRegistry({ dir: s.dir, keys: loadOrCreateKeys(s.dir), databaseUrl, checkpointMs: 1000 });
    const open = store;
    // warm: the first appends pay for statements, connections and the checkpoint file
    for (let i = 0; i < 20; i++) await open.append(event(i));
    const sequential = await rate(n, 1, (i) => open.append(event(i)), tick);
    const concurrent = await rate(n, inFlight, (i) => open.append(event(n + i)), tick);
    return { sequential, concurrent };
  } finally {
    await store?.close();
    s.cleanup();
  }
}
