// a day-1 context without a running lab: reads the registry (read-only) if there is one.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NicheCatalog } from '../../niches/catalog.ts';
import { TokenService } from '../../promotion/tokens.ts';
import { loadOrCreateKeys } from '../../registry/keys.ts';
import { SqliteStore } from '../../registry/sqlite-store.ts';
import { IsolateRunner } from '../../sandbox/isolate-runner.ts';
import { TokenGuard } from '../../sandbox/runner.ts';
import type { Day1Context } from './context.ts';

export function standaloneDay1(opts: { storage: string; quick: boolean; signal: AbortSignal }): { ctx: Day1Context; close(): Promise<void> } {
  const dir = resolve(opts.storage);
  const keys = loadOrCreateKeys(dir);
  const tokens = new TokenService(keys);
  const runner = new IsolateRunner(new TokenGuard(tokens), { workers: 2, graceMs: 2000 });
  // a running lab owns the registry for writing: the benchmark only reads it
  const store = existsSync(join(dir, 'registry', 'registry.sqlite')) ? new SqliteStore({ dir, keys, readonly: true }) : undefined;
  const catalog = new NicheCatalog({ heldOutKey: keys.derive('held-out-scenarios'), storageDir: dir });
  return {
    ctx: { catalog, runner, tokens, store, storageDir: dir, quick: opts.quick, signal: opts.signal },
    async close() {
      await runner.close();
      await store?.close();
    },
  };
}
