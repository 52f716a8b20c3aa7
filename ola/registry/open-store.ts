// picks the registry store: postgresql when a database url is configured, else sqlite under
// storage/. both keep their head checkpoint outside the database.
import { join, resolve } from 'node:path';
import type { RegistryStore } from '../core/contracts.ts';
import type { Config } from '../core/config.ts';
import type { KeyChainView, LabKeys } from './keys.ts';
import { PgStore } from './pg-store.ts';
import { SqliteStore } from './sqlite-store.ts';

export interface RegistryOptions extends Partial<Config['registry']> {
  /** the storage folder: keys, the sqlite registry, artifact files, the default checkpoint */
  dir: string;
  /** a reader (readonly) needs only the key chain */
  keys: LabKeys | KeyChainView;
  readonly?: boolean;
}

/** where the head checkpoint lives: configured, or beside the storage folder's registry (one name per backend) */
export function checkpointFile(opts: Pick<RegistryOptions, 'dir' | 'databaseUrl' | 'checkpoint'>): string {
  if (opts.checkpoint) return resolve(opts.checkpoint);
  return join(opts.dir, opts.databaseUrl ? 'registry-head-pg.json' : 'registry-head.json');
}

export async function openRegistry(opts: RegistryOptions): Promise<RegistryStore> {
  const checkpoint = { file: checkpointFile(opts), everyMs: opts.checkpointMs ?? 1000 };
  if (opts.databaseUrl) return PgStore.open({ url: opts.databaseUrl, keys: opts.keys, checkpoint, readonly: opts.readonly });
  return new SqliteStore({ dir: opts.dir, keys: opts.keys, checkpoint, readonly: opts.readonly });
}
