// ola status ID: a proposal's status, steps and reasons.
import type { Command } from 'commander';
import type { ArtifactRecord, ProposalRecord } from '../../core/contracts.ts';
import { apiError, call, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';
import { printArtifact } from './artifact-view.ts';

export function printProposal(p: ProposalRecord): void {
  console.log(`${p.id}  niche=${p.niche}  status=${p.status}  proposer=${p.proposer}${p.artifactId ? `  artifact=${p.artifactId}` : ''}`);
  for (const s of p.steps) console.log(`  ${s.at}  ${s.state.padEnd(10)} ${s.ms === undefined ? '' : `${s.ms} ms`}`);
  for (const r of p.reasons) console.log(`  rejected: [${r.rule}] ${r.line === undefined ? '' : `${r.line}:${r.column} `}${r.message}`);
  const gated = p.steps.find((s) => s.state === 'gated')?.result as
    | { decision?: { pass: boolean; reasons: string[]; why?: string; next?: string } }
    | undefined;
  const scored = p.steps.find((s) => s.state === 'scored')?.result as { score?: { utility: number; metrics: Record<string, number> } } | undefined;
  if (scored?.score) {
    const m = Object.entries(scored.score.metrics).map(([k, v]) => `${k}=${Number(v.toFixed(4))}`);
    console.log(`  score: utility=${scored.score.utility.toFixed(4)} ${m.join(' ')}`);
  }
  if (gated?.decision) {
    const d = gated.decision;
    console.log(`  gate: ${d.pass ? `pass; token issued for ${d.next}` : 'fail'}`);
    for (const r of d.reasons) console.log(`    - ${r}`);
    if (d.pass && d.why) console.log(`    why: ${d.why}`);
  }
  const failed = p.steps.find((s) => s.state === 'failed')?.result as { error?: { code: string; message: string } } | undefined;
  if (failed?.error) console.log(`  failed: ${failed.error.code}: ${failed.error.message}`);
}

export function statusCommand(program: Command): void {
  program
    .command('status <id>')
    .description("a proposal's status, steps, score and gate; or, for an artifact id (a_...), where it stands on the ladder and why, each rung's decision and the operators' decisions")
    .option('--url <url>', 'the lab (env OLA_URL)')
    .option('--json', 'print the raw json')
    .action(async (id: string, opts: { url?: string; json?: boolean }) => {
      const artifact = id.startsWith('a_');
      const res = await call<ProposalRecord & ArtifactRecord>(labUrl(opts.url), `/${artifact ? 'artifacts' : 'proposals'}/${encodeURIComponent(id)}`);
      if (res.status !== 200) {
        console.error(apiError(res.body, res.status));
        return process.exit(EXIT.error);
      }
      if (opts.json) console.log(JSON.stringify(res.body, null, 2));
      else if (artifact) printArtifact(res.body);
      else printProposal(res.body);
    });
}
