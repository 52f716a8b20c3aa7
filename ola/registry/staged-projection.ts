// runs the synchronous projector for a store whose reads are async (postgresql): a dry run
// names the rows it reads, those are fetched, and it runs again until it reads nothing it
// lacks; its writes are then handed back to be applied in the same transaction.
import type { ArtifactRecord, ProposalStep, StoredEvent } from '../core/contracts.ts';
import { project, type ProjectionStore, type ProposalHead } from './projector.ts';

export type ProjectionWrite =
  | { kind: 'proposal'; doc: ProposalHead }
  | { kind: 'step'; proposalId: string; step: ProposalStep }
  | { kind: 'artifact'; doc: ArtifactRecord; registered: boolean | undefined };

/** fetches read-model rows by id (absent ones are left out) */
export type ProjectionReads = (ids: { proposals: string[]; artifacts: string[] }) => Promise<{ proposals: ProposalHead[]; artifacts: ArtifactRecord[] }>;

/** the rows an event is likely to read, fetched before the first run */
function likelyIds(e: StoredEvent): string[] {
  const p = e.payload as { proposalId?: unknown; artifactId?: unknown };
  return [e.subject, p.proposalId, p.artifactId].filter((id): id is string => typeof id === 'string');
}

export async function stageProjection(e: StoredEvent, reads: ProjectionReads): Promise<ProjectionWrite[]> {
  // null: fetched and absent
  const proposals = new Map<string, ProposalHead | null>();
  const artifacts = new Map<string, ArtifactRecord | null>();
  let want = { proposals: likelyIds(e), artifacts: likelyIds(e) };
  for (;;) {
    const p = want.proposals.filter((id) => !proposals.has(id));
    const a = want.artifacts.filter((id) => !artifacts.has(id));
    for (const id of p) proposals.set(id, null);
    for (const id of a) artifacts.set(id, null);
    const got = p.length || a.length ? await reads({ proposals: p, artifacts: a }) : { proposals: [], artifacts: [] };
    for (const doc of got.proposals) proposals.set(doc.id, doc);
    for (const doc of got.artifacts) artifacts.set(doc.id, doc);
    const run = dryRun(e, proposals, artifacts);
    if (run.missed.proposals.length === 0 && run.missed.artifacts.length === 0) return run.writes;
    want = run.missed;
  }
}

function dryRun(e: StoredEvent, proposals: Map<string, ProposalHead | null>, artifacts: Map<string, ArtifactRecord | null>) {
  const writes: ProjectionWrite[] = [];
  const missed = { proposals: [] as string[], artifacts: [] as string[] };
  // this run's own writes, read back as the projector expects; copies, so a rerun starts clean
  const ownP = new Map<string, ProposalHead>();
  const ownA = new Map<string, ArtifactRecord>();
  const read = <T>(own: Map<string, T>, fetched: Map<string, T | null>, miss: string[], id: string): T | undefined => {
    const doc = own.get(id) ?? fetched.get(id);
    if (doc === undefined) miss.push(id);
    return doc ? structuredClone(doc) : undefined;
  };
  const store: ProjectionStore = {
    getProposal: (id) => read(ownP, proposals, missed.proposals, id),
    putProposal: (doc) => (ownP.set(doc.id, structuredClone(doc)), writes.push({ kind: 'proposal', doc: structuredClone(doc) })),
    addStep: (proposalId, step) => void writes.push({ kind: 'step', proposalId, step: structuredClone(step) }),
    getArtifact: (id) => read(ownA, artifacts, missed.artifacts, id),
    putArtifact: (doc, registered) => (ownA.set(doc.id, structuredClone(doc)), writes.push({ kind: 'artifact', doc: structuredClone(doc), registered })),
  };
  project(e, store);
  return { writes, missed };
}
