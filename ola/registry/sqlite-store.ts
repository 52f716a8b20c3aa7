// the embedded registry: sqlite (wal) through better-sqlite3, append-only events
// enforced by triggers, hash-chained and signed, mirrored to jsonl.
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {
  ArtifactRecord,
  NewEvent,
  ProposalRecord,
  ProposalStep,
  RegistryStore,
  StoredEvent,
  VerifyReport,
} from '../core/contracts.ts';
import { TERMINAL_STATES, type PromotionState, type ProposalState, type Stage } from '../core/vocabulary.ts';
import { BlobStore } from './blobs.ts';
import { EMPTY_HEAD, nextLink, type ChainHead, type ChainRow } from './chain.ts';
import { checkpointSigners, readCheckpoint, startCheckpoint, type CheckpointOptions, type CheckpointWriter } from './checkpoint.ts';
import { artifactColumns, parseDoc, toStored, type EventRow as Row } from './rows.ts';
import { keyEvent, signerOf, type KeyChainView, type LabKeys } from './keys.ts';
import { Mirror } from './mirror.ts';
import { project, type ProjectionStore, type ProposalHead } from './projector.ts';
import { ADDED_COLUMNS, LATE_SCHEMA, SCHEMA } from './schema.ts';
import { verifyRegistry } from './verify.ts';
import { takeWriterLock } from './writer-lock.ts';

export interface SqliteStoreOptions {
  dir: string;
  /** a reader needs only the key chain */
  keys: LabKeys | KeyChainView;
  readonly?: boolean;
  /** the head checkpoint; default <dir>/registry-head.json, written at most every second */
  checkpoint?: CheckpointOptions;
}

/** keys claimed in this process, per registry file */
const CLAIMS = new Map<string, Set<string>>();

export class SqliteStore implements RegistryStore {
  /** the claims this store holds (given up on close) */
  private readonly claimed = new Set<string>();
  private readonly db: Database.Database;
  private readonly mirror: Mirror;
  private readonly blobs: BlobStore;
  private readonly emitter = new EventEmitter();
  private releaseLock: () => void = () => undefined;
  private readonly checkpoint: CheckpointOptions;
  private readonly checkpoints: CheckpointWriter | undefined;
  private readonly stmt;
  private readonly appendTx: (e: NewEvent) => StoredEvent;
  private readonly projections: ProjectionStore;
  /** best passing artifact per niche; this store is the only writer, so it stays exact */
  private readonly incumbents = new Map<string, { id: string; utility: number } | null>();

  constructor(private readonly opts: SqliteStoreOptions) {
    const regDir = join(opts.dir, 'registry');
    mkdirSync(regDir, { recursive: true });
    if (!opts.readonly) this.releaseLock = takeWriterLock(regDir);
    this.db = new Database(join(regDir, 'registry.sqlite'), { readonly: opts.readonly === true });
    if (!opts.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);
      for (const [table, column, def] of ADDED_COLUMNS) {
        const has = (this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
        if (!has) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${def}`);
      }
      this.db.exec(LATE_SCHEMA);
    }
    this.emitter.setMaxListeners(0);
    this.mirror = new Mirror(join(regDir, 'events.log'));
    this.blobs = new BlobStore(join(opts.dir, 'artifacts'));
    const db = this.db;
    this.stmt = {
      insert: db.prepare('INSERT INTO events (seq, ts, type, subject, body, prev, hash, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      head: db.prepare('SELECT seq, hash, sig FROM events ORDER BY seq DESC LIMIT 1'),
      after: db.prepare('SELECT seq, ts, type, subject, body, prev, hash, sig FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      all: db.prepare('SELECT seq, ts, type, subject, body, prev, hash, sig FROM events ORDER BY seq'),
      one: db.prepare('SELECT seq, body, prev, hash, sig FROM events WHERE seq = ?'),
      getProposal: db.prepare('SELECT doc FROM proposals WHERE id = ?'),
      putProposal: db.prepare(
        'INSERT INTO proposals (id, niche, status, updated_at, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, doc = excluded.doc',
      ),
      unfinished: db.prepare(`SELECT doc FROM proposals WHERE status NOT IN (${TERMINAL_STATES.map((s) => `'${s}'`).join(',')}) ORDER BY rowid`),
      addStep: db.prepare('INSERT INTO proposal_steps (proposal_id, doc) VALUES (?, ?)'),
      steps: db.prepare('SELECT doc FROM proposal_steps WHERE proposal_id = ? ORDER BY rowid'),
      getArtifact: db.prepare('SELECT doc FROM artifacts WHERE id = ?'),
      putArtifact: db.prepare(
        'INSERT INTO artifacts (id, niche, stage, utility, passed, registered, run_id, ladder, doc) VALUES (?, ?, ?, ?, ?, coalesce(?, 0), ?, ?, ?) ON CONFLICT(id) DO UPDATE SET stage = excluded.stage, utility = excluded.utility, passed = excluded.passed, registered = coalesce(?, registered), ladder = excluded.ladder, doc = excluded.doc',
      ),
      best: db.prepare('SELECT doc FROM artifacts WHERE niche = ? AND registered = 1 AND passed = 1 ORDER BY utility DESC, rowid ASC LIMIT 1'),
      incumbent: db.prepare('SELECT id, utility FROM artifacts WHERE niche = ? AND registered = 1 AND passed = 1 ORDER BY utility DESC, rowid ASC LIMIT 1'),
      byStage: db.prepare('SELECT stage, count(*) AS n FROM artifacts WHERE registered = 1 GROUP BY stage'),
      ofRun: db.prepare('SELECT doc FROM artifacts WHERE run_id = ? AND registered = 1 ORDER BY rowid'),
      redeem: db.prepare('INSERT INTO redeemed_tokens (nonce, expires_at, at) VALUES (?, ?, ?) ON CONFLICT(nonce) DO NOTHING'),
    };
    const s = this.stmt;
    this.projections = {
      getProposal: (id) => parseDoc<ProposalHead>(s.getProposal.get(id)),
      putProposal: (p) => s.putProposal.run(p.id, p.niche, p.status, p.updatedAt, JSON.stringify(p)),
      addStep: (id, step) => s.addStep.run(id, JSON.stringify(step)),
      getArtifact: (id) => parseDoc<ArtifactRecord>(s.getArtifact.get(id)),
      putArtifact: (a, registered) => {
        const c = artifactColumns(a, registered);
        const flag = c.registered === null ? null : Number(c.registered);
        s.putArtifact.run(c.id, c.niche, c.stage, c.utility, Number(c.passed), flag, c.runId, c.ladder, c.doc, flag);
        const best = this.incumbents.get(a.niche);
        if (a.gate?.pass && a.score && best !== undefined && (best === null || a.score.utility > best.utility)) {
          this.incumbents.set(a.niche, { id: a.id, utility: a.score.utility });
        }
      },
    };
    // immediate: the write lock is taken before the head is read, so two stores never fork the chain
    const tx = db.transaction((e: NewEvent) => this.appendInTx(e));
    this.appendTx = (e) => tx.immediate(e);
    this.checkpoint = opts.checkpoint ?? { file: join(opts.dir, 'registry-head.json'), everyMs: 1000 };
    if (!opts.readonly) {
      try {
        // a rotation the lab stopped in the middle of is finished (or dropped) before anything is signed
        const keys = signerOf(opts.keys);
        const lastRotation = db.prepare("SELECT seq, ts, type, body FROM events WHERE type = 'lab_key_rotated' ORDER BY seq DESC LIMIT 1").get();
        keys.settle(keyEvent(lastRotation as { seq: number; ts: string; type: string; body: string } | undefined));
        const read = readCheckpoint(this.checkpoint.file, checkpointSigners(keys.chain));
        const atCheckpoint = read.state === 'ok' ? (s.one.get(read.cp.seq) as ChainRow | undefined)?.hash : undefined;
        this.checkpoints = startCheckpoint(this.checkpoint, () => keys.privateKey, read, this.readHead(), atCheckpoint);
      } catch (err) {
        this.db.close();
        this.releaseLock();
        throw err;
      }
    }
  }

  private readHead(): ChainHead {
    return (this.stmt.head.get() as ChainHead | undefined) ?? EMPTY_HEAD;
  }

  private appendInTx(e: NewEvent): StoredEvent {
    const row = nextLink(this.readHead(), e, signerOf(this.opts.keys).privateKey);
    const { seq, ts, prev, hash, sig } = row;
    this.stmt.insert.run(seq, ts, e.type, e.subject, row.body, prev, hash, sig);
    const stored: StoredEvent = { ...e, seq, ts, prev, hash, sig };
    project(stored, this.projections);
    this.mirror.write(row);
    return stored;
  }

  async append(event: NewEvent): Promise<StoredEvent> {
    return this.appendSync(event);
  }

  appendSync(event: NewEvent): StoredEvent {
    const stored = this.appendTx(event);
    // synchronous, so no append slips in between: a rotation hands over to the next key here
    signerOf(this.opts.keys).committed(stored);
    this.checkpoints?.note(stored.seq, stored.hash);
    this.emitter.emit('event', stored);
    return stored;
  }

  async putSource(source: string): Promise<string> {
    return this.blobs.put(source);
  }

  async getSource(sha256: string): Promise<string | undefined> {
    return this.blobs.get(sha256);
  }

  async eventsAfter(seq: number, limit: number): Promise<StoredEvent[]> {
    return (this.stmt.after.all(seq, limit) as Row[]).map(toStored);
  }

  async eventsOf(filter: { types?: string[]; subject?: string }, limit = 10_000): Promise<StoredEvent[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.types?.length) (where.push(`type IN (${filter.types.map(() => '?').join(',')})`), args.push(...filter.types));
    if (filter.subject) (where.push('subject = ?'), args.push(filter.subject));
    args.push(limit);
    const sql = `SELECT seq, ts, type, subject, body, prev, hash, sig FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
    return (this.db.prepare(sql).all(...args) as Row[]).map(toStored);
  }

  async headSeq(): Promise<number> {
    return this.readHead().seq;
  }

  async proposal(id: string): Promise<ProposalRecord | undefined> {
    const head = this.projections.getProposal(id);
    if (!head) return undefined;
    const steps = (this.stmt.steps.all(id) as { doc: string }[]).map((r) => JSON.parse(r.doc) as ProposalStep);
    return { ...head, steps };
  }

  async status(id: string): Promise<ProposalState | undefined> {
    return this.projections.getProposal(id)?.status;
  }

  async unfinishedProposals(): Promise<ProposalHead[]> {
    return (this.stmt.unfinished.all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as ProposalHead);
  }

  async artifact(id: string): Promise<ArtifactRecord | undefined> {
    return this.projections.getArtifact(id);
  }

  async artifacts(filter: { niche?: string; stage?: Stage; limit?: number }): Promise<ArtifactRecord[]> {
    const where = ['registered = 1'];
    const args: (string | number)[] = [];
    if (filter.niche) (where.push('niche = ?'), args.push(filter.niche));
    if (filter.stage) (where.push('stage = ?'), args.push(filter.stage));
    args.push(filter.limit ?? 100);
    const rows = this.db.prepare(`SELECT doc FROM artifacts WHERE ${where.join(' AND ')} ORDER BY rowid DESC LIMIT ?`).all(...args);
    return (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as ArtifactRecord);
  }

  async best(niche: string): Promise<ArtifactRecord | undefined> {
    return parseDoc<ArtifactRecord>(this.stmt.best.get(niche));
  }

  async incumbent(niche: string): Promise<{ id: string; utility: number } | undefined> {
    if (!this.incumbents.has(niche)) {
      const row = this.stmt.incumbent.get(niche) as { id: string; utility: number } | undefined;
      this.incumbents.set(niche, row ?? null);
    }
    return this.incumbents.get(niche) ?? undefined;
  }

  async artifactsOfRun(runId: string): Promise<ArtifactRecord[]> {
    return (this.stmt.ofRun.all(runId) as { doc: string }[]).map((r) => JSON.parse(r.doc) as ArtifactRecord);
  }

  async countByStage(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const r of this.stmt.byStage.all() as { stage: string; n: number }[]) out[r.stage] = r.n;
    return out;
  }

  async onLadder(states: readonly PromotionState[], limit = 1000, newestFirst = false, niche?: string): Promise<ArtifactRecord[]> {
    if (states.length === 0) return [];
    const order = newestFirst ? 'DESC' : 'ASC';
    const ofNiche = niche === undefined ? '' : ' AND niche = ?';
    const rows = this.db
      .prepare(`SELECT doc FROM artifacts WHERE registered = 1 AND ladder IN (${states.map(() => '?').join(',')})${ofNiche} ORDER BY rowid ${order} LIMIT ?`)
      .all(...states, ...(niche === undefined ? [] : [niche]), limit);
    return (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as ArtifactRecord);
  }

  async countByPromotion(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    const rows = this.db.prepare('SELECT ladder, count(*) AS n FROM artifacts WHERE registered = 1 AND ladder IS NOT NULL GROUP BY ladder').all();
    for (const r of rows as { ladder: string; n: number }[]) out[r.ladder] = r.n;
    return out;
  }

  /** one lab process writes a sqlite registry (the writer lock): claims only part this process's stores */
  async claim(key: string): Promise<(() => Promise<void>) | undefined> {
    if (this.opts.readonly) return undefined;
    const file = resolve(this.opts.dir);
    const held = CLAIMS.get(file) ?? new Set<string>();
    CLAIMS.set(file, held);
    if (held.has(key)) return undefined;
    held.add(key);
    this.claimed.add(key);
    return async () => {
      if (this.claimed.delete(key)) held.delete(key);
    };
  }

  async redeemToken(nonce: string, expiresAt: string): Promise<boolean> {
    if (this.opts.readonly) return false;
    return this.stmt.redeem.run(nonce, expiresAt, new Date().toISOString()).changes === 1;
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async verify(opts: { full?: boolean } = {}): Promise<VerifyReport> {
    const s = this.stmt;
    return verifyRegistry(
      {
        rows: () => s.all.iterate() as Iterable<Row>,
        row: (seq) => s.one.get(seq) as ChainRow | undefined,
        chain: this.opts.keys.chain,
        mirrorFile: this.mirror.file,
        sources: this.blobs,
        checkpointFile: this.checkpoint.file,
      },
      opts,
    );
  }

  async close(): Promise<void> {
    const held = CLAIMS.get(resolve(this.opts.dir));
    for (const k of this.claimed) held?.delete(k);
    this.claimed.clear();
    this.checkpoints?.flush();
    this.mirror.close();
    this.emitter.removeAllListeners();
    if (this.db.open) this.db.close();
    this.releaseLock();
  }
}
