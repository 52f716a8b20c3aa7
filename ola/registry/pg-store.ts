// the registry on postgresql (OLA_DATABASE_URL): the same chain, signatures, read models and
// verify as the sqlite store. an append takes an advisory lock inside its transaction, so
// appends are serialised in the database and several lab processes keep one unforked chain.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { ArtifactRecord, NewEvent, ProposalRecord, ProposalStep, RegistryStore, StoredEvent, VerifyReport } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import { TERMINAL_STATES, type PromotionState, type ProposalState, type Stage } from '../core/vocabulary.ts';
import { sourceProblem } from './blobs.ts';
import { EMPTY_HEAD, nextLink, sha256Hex, type ChainHead, type ChainRow } from './chain.ts';
import { checkpointSigners, readCheckpoint, startCheckpoint, type CheckpointOptions, type CheckpointWriter } from './checkpoint.ts';
import { keyEvent, signerOf, type KeyChainView, type LabKeys } from './keys.ts';
import { applyWrites, readModels, type Queryable } from './pg-read-models.ts';
import { APPEND_LOCK, PG_SCHEMA, SCHEMA_LOCK, SCHEMA_READY } from './pg-schema.ts';
import type { ProposalHead } from './projector.ts';
import { parseDoc, toStored, type EventRow } from './rows.ts';
import { stageProjection } from './staged-projection.ts';
import { verifyRegistry } from './verify.ts';

export interface PgStoreOptions {
  /** postgresql://user:password@host:port/database (a unix socket: ?host=/run/postgresql) */
  url: string;
  /** a reader needs only the key chain */
  keys: LabKeys | KeyChainView;
  checkpoint: CheckpointOptions;
  readonly?: boolean;
  /** pooled connections */
  connections?: number;
}

const EVENT_COLUMNS = 'seq, ts, type, subject, body, prev, hash, sig';
const PAGE = 2000;
// int8 (seq, counts) as numbers: a registry stays far below 2^53 events
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

export class PgStore implements RegistryStore {
  private readonly emitter = new EventEmitter();
  private checkpoints: CheckpointWriter | undefined;
  /** this process's appends, one at a time: emitted in seq order, one connection waiting on the lock */
  private tail: Promise<unknown> = Promise.resolve();
  /** the connection that holds this process's claims */
  private claims?: Promise<pg.PoolClient>;
  private readonly held = new Set<string>();

  private constructor(
    private readonly opts: PgStoreOptions,
    private readonly db: pg.Pool,
  ) {
    this.emitter.setMaxListeners(0);
  }

  static async open(opts: PgStoreOptions): Promise<PgStore> {
    const db = new pg.Pool({ connectionString: opts.url, max: opts.connections ?? 8, types });
    // an idle connection the server dropped: the pool replaces it on the next query
    db.on('error', () => undefined);
    const store = new PgStore(opts, db);
    try {
      if (!opts.readonly) {
        await createSchema(db);
        // a rotation the lab stopped in the middle of is finished (or dropped) before anything is signed
        const keys = signerOf(opts.keys);
        keys.settle(keyEvent((await db.query(`SELECT seq, ts, type, body FROM events WHERE type = '${ROTATED}' ORDER BY seq DESC LIMIT 1`)).rows[0]));
        const read = readCheckpoint(opts.checkpoint.file, checkpointSigners(keys.chain));
        const atCheckpoint = read.state === 'ok' ? (await store.row(read.cp.seq))?.hash : undefined;
        store.checkpoints = startCheckpoint(opts.checkpoint, () => keys.privateKey, read, await store.head(db), atCheckpoint);
      } else if (!(await db.query<{ ok: boolean }>("SELECT to_regclass('events') IS NOT NULL AS ok")).rows[0]?.ok) {
        throw new OlaError('OLA_ERR_REGISTRY_UNAVAILABLE', 'that database holds no registry (no events table)');
      }
      return store;
    } catch (err) {
      await db.end();
      if (err instanceof OlaError) throw err;
      throw new OlaError('OLA_ERR_REGISTRY_UNAVAILABLE', `the registry database did not answer: ${(err as Error).message}`);
    }
  }

  private async head(db: Queryable): Promise<ChainHead> {
    const { rows } = await db.query<ChainHead>('SELECT seq, hash, sig FROM events ORDER BY seq DESC LIMIT 1');
    return rows[0] ?? EMPTY_HEAD;
  }

  private async row(seq: number): Promise<ChainRow | undefined> {
    return (await this.db.query<ChainRow>('SELECT seq, body, prev, hash, sig FROM events WHERE seq = $1', [seq])).rows[0];
  }

  append(event: NewEvent): Promise<StoredEvent> {
    const next = this.tail.then(async () => {
      const stored = await this.appendNow(event);
      // before this process's next append: a rotation hands over to the next key here
      signerOf(this.opts.keys).committed(stored);
      this.checkpoints?.note(stored.seq, stored.hash);
      this.emitter.emit('event', stored);
      return stored;
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async appendNow(e: NewEvent): Promise<StoredEvent> {
    if (this.opts.readonly) throw new OlaError('OLA_ERR_INTERNAL', 'a read-only registry store cannot append');
    const c = await this.db.connect();
    try {
      // one round trip: the lock is held to the commit, so the head read under it is the head
      // this row links to, in every process
      const begun = (await c.query(BEGIN_APPEND)) as unknown as pg.QueryResult<ChainHead & { rotated: number | null }>[];
      const head = begun.at(-1)!.rows[0];
      const keys = signerOf(this.opts.keys);
      // another lab process rotated the key since this one loaded it: its old key must sign nothing more
      const inForceFrom = keys.chain.find((k) => k.fingerprint === keys.fingerprint)?.fromSeq ?? 1;
      if ((head?.rotated ?? 0) >= inForceFrom) {
        throw new OlaError('OLA_ERR_LAB_KEY_STALE', `another lab process rotated the lab key at seq ${head!.rotated}: copy storage/keys/ from it and restart this one`);
      }
      const row = nextLink(head ?? EMPTY_HEAD, e, keys.privateKey);
      const { seq, ts, prev, hash, sig } = row;
      await c.query(`INSERT INTO events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [seq, ts, e.type, e.subject, row.body, prev, hash, sig]);
      const stored: StoredEvent = { ...e, seq, ts, prev, hash, sig };
      await applyWrites(c, await stageProjection(stored, readModels(c)));
      await c.query('COMMIT');
      c.release();
      return stored;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      c.release(true);
      throw err;
    }
  }

  async putSource(source: string): Promise<string> {
    const sha = sha256Hex(source);
    await this.db.query('INSERT INTO sources (sha256, source) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [sha, source]);
    return sha;
  }

  async getSource(sha256: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
    return (await this.db.query<{ source: string }>('SELECT source FROM sources WHERE sha256 = $1', [sha256])).rows[0]?.source;
  }

  async eventsAfter(seq: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, [seq, limit]);
    return rows.map(toStored);
  }

  async eventsOf(filter: { types?: string[]; subject?: string }, limit = 10_000): Promise<StoredEvent[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.types?.length) (args.push(filter.types), where.push(`type = ANY($${args.length})`));
    if (filter.subject) (args.push(filter.subject), where.push(`subject = $${args.length}`));
    args.push(limit);
    const sql = `SELECT ${EVENT_COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT $${args.length}`;
    return (await this.db.query<EventRow>(sql, args)).rows.map(toStored);
  }

  async headSeq(): Promise<number> {
    return (await this.head(this.db)).seq;
  }

  async proposal(id: string): Promise<ProposalRecord | undefined> {
    const head = parseDoc<ProposalHead>((await this.db.query('SELECT doc FROM proposals WHERE id = $1', [id])).rows[0]);
    if (!head) return undefined;
    const steps = await this.docs<ProposalStep>('SELECT doc FROM proposal_steps WHERE proposal_id = $1 ORDER BY ord', [id]);
    return { ...head, steps };
  }

  async status(id: string): Promise<ProposalState | undefined> {
    return (await this.db.query<{ status: ProposalState }>('SELECT status FROM proposals WHERE id = $1', [id])).rows[0]?.status;
  }

  async unfinishedProposals(): Promise<ProposalHead[]> {
    return this.docs('SELECT doc FROM proposals WHERE status <> ALL($1) ORDER BY ord', [TERMINAL_STATES]);
  }

  async artifact(id: string): Promise<ArtifactRecord | undefined> {
    return (await this.docs<ArtifactRecord>('SELECT doc FROM artifacts WHERE id = $1', [id]))[0];
  }

  async artifacts(filter: { niche?: string; stage?: Stage; limit?: number }): Promise<ArtifactRecord[]> {
    const where = ['registered'];
    const args: unknown[] = [];
    if (filter.niche) (args.push(filter.niche), where.push(`niche = $${args.length}`));
    if (filter.stage) (args.push(filter.stage), where.push(`stage = $${args.length}`));
    args.push(filter.limit ?? 100);
    return this.docs(`SELECT doc FROM artifacts WHERE ${where.join(' AND ')} ORDER BY ord DESC LIMIT $${args.length}`, args);
  }

  async best(niche: string): Promise<ArtifactRecord | undefined> {
    return (await this.docs<ArtifactRecord>(`SELECT doc FROM artifacts ${BEST}`, [niche]))[0];
  }

  async incumbent(niche: string): Promise<{ id: string; utility: number } | undefined> {
    return (await this.db.query<{ id: string; utility: number }>(`SELECT id, utility FROM artifacts ${BEST}`, [niche])).rows[0];
  }

  async artifactsOfRun(runId: string): Promise<ArtifactRecord[]> {
    return this.docs('SELECT doc FROM artifacts WHERE run_id = $1 AND registered ORDER BY ord', [runId]);
  }

  async countByStage(): Promise<Record<string, number>> {
    return this.counts('SELECT stage AS k, count(*) AS n FROM artifacts WHERE registered GROUP BY stage');
  }

  async onLadder(states: readonly PromotionState[], limit = 1000, newestFirst = false, niche?: string): Promise<ArtifactRecord[]> {
    if (states.length === 0) return [];
    const order = newestFirst ? 'DESC' : 'ASC';
    if (niche === undefined) return this.docs(`SELECT doc FROM artifacts WHERE registered AND ladder = ANY($1) ORDER BY ord ${order} LIMIT $2`, [states, limit]);
    return this.docs(`SELECT doc FROM artifacts WHERE registered AND ladder = ANY($1) AND niche = $3 ORDER BY ord ${order} LIMIT $2`, [states, limit, niche]);
  }

  async countByPromotion(): Promise<Record<string, number>> {
    return this.counts('SELECT ladder AS k, count(*) AS n FROM artifacts WHERE registered AND ladder IS NOT NULL GROUP BY ladder');
  }

  /** a session advisory lock on a connection of its own: another lab's claims exclude, a dead lab's vanish with it */
  async claim(key: string): Promise<(() => Promise<void>) | undefined> {
    if (this.opts.readonly) return undefined;
    // a session may take its own advisory lock again: this process's claims are refused here first
    if (this.held.has(key)) return undefined;
    this.held.add(key);
    const c = await (this.claims ??= this.db.connect());
    const [a, b] = claimLock(key);
    const ok = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [a, b]).then((r) => r.rows[0]?.ok === true, () => false);
    if (!ok) {
      this.held.delete(key);
      return undefined;
    }
    return async () => {
      if (!this.held.delete(key)) return;
      await c.query('SELECT pg_advisory_unlock($1, $2)', [a, b]).catch(() => undefined);
    };
  }

  async redeemToken(nonce: string, expiresAt: string): Promise<boolean> {
    if (this.opts.readonly) return false;
    const sql = 'INSERT INTO redeemed_tokens (nonce, expires_at, at) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING';
    return (await this.db.query(sql, [nonce, expiresAt, new Date().toISOString()])).rowCount === 1;
  }

  /** events this process appends; other processes' events are read from the table (GET /events pages it) */
  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async verify(opts: { full?: boolean } = {}): Promise<VerifyReport> {
    return verifyRegistry(
      {
        rows: () => this.pages(),
        row: (seq) => this.row(seq),
        chain: this.opts.keys.chain,
        sources: { check: async (sha) => sourceProblem(sha, await this.getSource(sha), 'artifact source') },
        checkpointFile: this.opts.checkpoint.file,
      },
      opts,
    );
  }

  private async *pages(): AsyncGenerator<EventRow> {
    for (let after = 0; ; ) {
      const { rows } = await this.db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, PAGE]);
      yield* rows;
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.seq;
    }
  }

  private async docs<T>(sql: string, args: unknown[]): Promise<T[]> {
    return (await this.db.query<{ doc: string }>(sql, args)).rows.map((r) => JSON.parse(r.doc) as T);
  }

  private async counts(sql: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const r of (await this.db.query<{ k: string; n: number }>(sql)).rows) out[r.k] = r.n;
    return out;
  }

  async close(): Promise<void> {
    await this.tail;
    this.checkpoints?.flush();
    this.emitter.removeAllListeners();
    // the connection goes, and with it every claim it held
    (await this.claims?.catch(() => undefined))?.release(true);
    await this.db.end();
  }
}

/** a claim's key as an advisory lock: claims' own first key (apart from the schema and append locks), a hash second */
function claimLock(key: string): [number, number] {
  return [CLAIM_LOCK_SPACE, createHash('sha256').update(key).digest().readInt32BE(0)];
}

const CLAIM_LOCK_SPACE = 0x6f6c61 + 16;
const ROTATED = 'lab_key_rotated';
const BEGIN_APPEND = `BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK.join(', ')}); SELECT seq, hash, sig, (SELECT max(seq) FROM events WHERE type = '${ROTATED}') AS rotated FROM events ORDER BY seq DESC LIMIT 1`;
const BEST = 'WHERE niche = $1 AND registered AND passed ORDER BY utility DESC NULLS LAST, ord ASC LIMIT 1';

/** the tables, once, under a lock (two labs starting together would race on create); skipped when ready */
async function createSchema(db: pg.Pool): Promise<void> {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [...SCHEMA_LOCK]);
    if (!(await c.query<{ ready: boolean }>(SCHEMA_READY)).rows[0]?.ready) await c.query(PG_SCHEMA);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
