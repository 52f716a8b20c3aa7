// every registry store, built the same way for the store conformance suite. a backend joins
// the suite by adding its entry here; each entry also reaches behind its store, as an
// operator with the database in hand could.
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryStore } from '../../ola/core/contracts.ts';
import { tmpStorage } from '../../ola/core/tmp-storage.ts';
import { loadOrCreateKeys, type KeyChainView, type LabKeys } from '../../ola/registry/keys.ts';
import { checkpointFile, openRegistry } from '../../ola/registry/open-store.ts';
import { startPgCluster, type PgCluster } from './pg-cluster.ts';

export interface RegistryFixture {
  dir: string;
  keys: LabKeys;
  /** the head checkpoint's file */
  checkpoint: string;
  /** a store over this registry; several may be open at once (concurrent writers) */
  open(opts?: { readonly?: boolean; checkpointMs?: number; keys?: LabKeys | KeyChainView }): Promise<RegistryStore>;
  /** sql behind the store's back (? placeholders), the append-only guard on */
  sql<T = Record<string, unknown>>(statement: string, ...args: unknown[]): Promise<T[]>;
  /** the same with the guard off: the file's owner drops the triggers, a superuser turns them off */
  sqlUnguarded<T = Record<string, unknown>>(statement: string, ...args: unknown[]): Promise<T[]>;
  /** rewrites a stored artifact source */
  tamperSource(sha256: string, text: string): Promise<void>;
  /** cuts every event after seq, and whatever else would tell of them (the sqlite mirror) */
  cutAfter(seq: number): Promise<void>;
  cleanup(): Promise<void>;
}

export interface StoreEntry {
  backend: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  fresh(): Promise<RegistryFixture>;
  teardown(): Promise<void>;
}

function fixture(databaseUrl: string | undefined, raw: Pick<RegistryFixture, 'sql' | 'sqlUnguarded' | 'tamperSource'>, dir: string, cleanup: () => void): RegistryFixture {
  const keys = loadOrCreateKeys(dir);
  const checkpoint = checkpointFile({ dir, databaseUrl });
  return {
    dir,
    keys,
    checkpoint,
    open: (o = {}) => openRegistry({ dir, keys: o.keys ?? keys, databaseUrl, checkpointMs: o.checkpointMs ?? 0, readonly: o.readonly }),
    ...raw,
    async cutAfter(seq) {
      await raw.sqlUnguarded('DELETE FROM events WHERE seq > ?', seq);
    },
    cleanup: async () => cleanup(),
  };
}

function sqliteFixture(): RegistryFixture {
  const storage = tmpStorage();
  const file = join(storage.dir, 'registry', 'registry.sqlite');
  const run = <T>(drop: boolean, statement: string, args: unknown[]): T[] => {
    const db = new Database(file);
    try {
      if (drop) db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
      const stmt = db.prepare(statement);
      return stmt.reader ? (stmt.all(...args) as T[]) : (stmt.run(...args), []);
    } finally {
      db.close();
    }
  };
  const f = fixture(
    undefined,
    {
      sql: async (s, ...args) => run(false, s, args),
      sqlUnguarded: async (s, ...args) => run(true, s, args),
      tamperSource: async (sha, text) => writeFileSync(join(storage.dir, 'artifacts', sha.slice(0, 2), `${sha}.src`), text),
    },
    storage.dir,
    storage.cleanup,
  );
  const cut = f.cutAfter;
  f.cutAfter = async (seq) => {
    await cut(seq);
    // the mirror would tell: cut it too, as someone with the folder in hand would
    const log = join(storage.dir, 'registry', 'events.log');
    writeFileSync(log, readFileSync(log, 'utf8').split('\n').slice(0, seq).map((l) => `${l}\n`).join(''));
  };
  return f;
}

let cluster: PgCluster | undefined;

/** ? placeholders as postgresql's $1, $2... */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function pgFixture(): Promise<RegistryFixture> {
  const url = await cluster!.createDatabase();
  const storage = tmpStorage();
  return fixture(
    url,
    {
      sql: (s, ...args) => cluster!.admin(url, numbered(s), args),
      sqlUnguarded: (s, ...args) => cluster!.admin(url, numbered(s), args, { unguarded: true }),
      tamperSource: async (sha, text) => void (await cluster!.admin(url, 'UPDATE sources SET source = $1 WHERE sha256 = $2', [text, sha], { unguarded: true })),
    },
    storage.dir,
    storage.cleanup,
  );
}

export const STORES: StoreEntry[] = [
  { backend: 'sqlite', setup: async () => undefined, fresh: async () => sqliteFixture(), teardown: async () => undefined },
  {
    backend: 'postgres',
    setup: async () => void (cluster ??= await startPgCluster()),
    fresh: pgFixture,
    teardown: async () => {
      await cluster?.stop();
      cluster = undefined;
    },
  },
];
