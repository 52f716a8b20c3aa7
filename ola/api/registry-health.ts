// what /healthz reports about the registry: its size, its head and where it lives.
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { Lab } from '../lab.ts';
import { GENESIS } from '../registry/chain.ts';
import type { Health } from './schemas.ts';

export async function registryHealth(lab: Lab): Promise<z.infer<typeof Health>['registry']> {
  const seq = await lab.store.headSeq();
  // the event at seq never changes, so a later append cannot tear seq from hash
  const [last] = seq > 0 ? await lab.store.eventsAfter(seq - 1, 1) : [];
  return { events: seq, head: { seq, hash: last?.hash ?? GENESIS }, storage: resolve(lab.config.storage.dir) };
}
