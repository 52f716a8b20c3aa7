// the read models on postgresql: the rows an append's projection reads, and its writes,
// both inside the append's transaction.
import type { ArtifactRecord } from '../core/contracts.ts';
import type { ProposalHead } from './projector.ts';
import { artifactColumns } from './rows.ts';
import type { ProjectionReads, ProjectionWrite } from './staged-projection.ts';

/** a pool or one client: what the store's queries need */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** both tables in one round trip */
export function readModels(db: Queryable): ProjectionReads {
  return async (ids) => {
    const sql = "SELECT 'p' AS t, doc FROM proposals WHERE id = ANY($1) UNION ALL SELECT 'a', doc FROM artifacts WHERE id = ANY($2)";
    const { rows } = await db.query<{ t: 'p' | 'a'; doc: string }>(sql, [ids.proposals, ids.artifacts]);
    const out = { proposals: [] as ProposalHead[], artifacts: [] as ArtifactRecord[] };
    for (const r of rows) (r.t === 'p' ? out.proposals : out.artifacts).push(JSON.parse(r.doc));
    return out;
  };
}

const PUT_PROPOSAL = `INSERT INTO proposals (id, niche, status, updated_at, doc) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, doc = excluded.doc`;
const ADD_STEP = 'INSERT INTO proposal_steps (proposal_id, doc) VALUES ($1, $2)';
const PUT_ARTIFACT = `INSERT INTO artifacts (id, niche, stage, utility, passed, registered, run_id, ladder, doc)
  VALUES ($1, $2, $3, $4, $5, coalesce($6, false), $7, $8, $9)
  ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, utility = excluded.utility, passed = excluded.passed,
    registered = coalesce($6, artifacts.registered), ladder = excluded.ladder, doc = excluded.doc`;

export async function applyWrites(db: Queryable, writes: ProjectionWrite[]): Promise<void> {
  for (const w of writes) {
    if (w.kind === 'proposal') await db.query(PUT_PROPOSAL, [w.doc.id, w.doc.niche, w.doc.status, w.doc.updatedAt, JSON.stringify(w.doc)]);
    else if (w.kind === 'step') await db.query(ADD_STEP, [w.proposalId, JSON.stringify(w.step)]);
    else {
      const c = artifactColumns(w.doc, w.registered);
      await db.query(PUT_ARTIFACT, [c.id, c.niche, c.stage, c.utility, c.passed, c.registered, c.runId, c.ladder, c.doc]);
    }
  }
}
