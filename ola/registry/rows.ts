// rows as both stores keep them: an event and what it reads back as, a read model's columns.
import type { ArtifactRecord, StoredEvent } from '../core/contracts.ts';
import type { ChainRow } from './chain.ts';

export type EventRow = ChainRow & { ts: string; type: string; subject: string };

export function toStored(r: EventRow): StoredEvent {
  const body = JSON.parse(r.body) as { payload: Record<string, unknown> };
  return { seq: r.seq, ts: r.ts, type: r.type as StoredEvent['type'], subject: r.subject, payload: body.payload, prev: r.prev, hash: r.hash, sig: r.sig };
}

/** a read-model row's json document */
export function parseDoc<T>(row: unknown): T | undefined {
  return row ? (JSON.parse((row as { doc: string }).doc) as T) : undefined;
}

/** the indexed columns of an artifact's read-model row; registered null keeps the row's flag */
export function artifactColumns(a: ArtifactRecord, registered: boolean | undefined) {
  return {
    id: a.id,
    niche: a.niche,
    stage: a.stage,
    utility: a.score?.utility ?? null,
    passed: a.gate?.pass === true,
    registered: registered ?? null,
    runId: typeof a.meta?.runId === 'string' ? a.meta.runId : null,
    ladder: a.promotion?.state ?? null,
    doc: JSON.stringify(a),
  };
}
