// ola status a_...: where an artifact stands on the ladder and why, each rung's decision in
// plain language, and the operators' decisions (who, when, why).
import type { ArtifactRecord, StageEvidence } from '../../core/contracts.ts';
import { STAGES } from '../../core/vocabulary.ts';

/** a rung's decision in plain language: the gate's why, else the shadow verdict, else its reasons */
function rungWhy(e: StageEvidence): string {
  if (e.gate?.why) return e.gate.why;
  if (e.shadow) return `shadow verdict ${e.shadow.verdict}: ${e.shadow.reasons.join('; ')}`;
  return e.reasons.join('; ');
}

export function printArtifact(a: ArtifactRecord): void {
  console.log(`${a.id}  niche=${a.niche}  stage=${a.stage}  proposer=${a.proposer}  proposal=${a.proposalId}`);
  if (a.promotion) console.log(`  promotion: ${a.promotion.state} at ${a.promotion.stage} since ${a.promotion.at}: ${a.promotion.why}`);
  else console.log('  promotion: not on the ladder (it did not pass its first gate)');
  for (const stage of STAGES) {
    const e = a.stages?.[stage];
    if (e) console.log(`  ${stage.padEnd(9)} ${e.status.padEnd(7)} ${e.decidedAt ?? e.startedAt}  ${rungWhy(e) || '-'}`);
    const d = a.decisions?.[stage];
    if (d) console.log(`  ${''.padEnd(9)} ${d.verdict === 'approved' ? 'approved into' : 'rejected at'} ${stage} by ${d.operator} at ${d.at} (registry seq ${d.seq}): ${d.reason}`);
  }
}
