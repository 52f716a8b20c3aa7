// ola approve ID / ola reject ID: an operator's decision at a rung that needs a person. the
// token is the operator's own, from OLA_TOKEN (never a flag: ps would show it).
import type { Command } from 'commander';
import type { DecisionEvidence } from '../../core/contracts.ts';
import { STAGES } from '../../core/vocabulary.ts';
import { apiError, call, callerToken, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';

interface Decided {
  artifactId: string;
  stage: string;
  verdict: string;
  operator: string;
  reason: string;
  at: string;
  seq: number;
  evidence: DecisionEvidence;
  promotion: { state: string; stage: string; why: string };
}

const num = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(4));

function printDecision(d: Decided): void {
  const verb = d.verdict === 'approved' ? `approved into ${d.stage}` : `rejected at ${d.stage}`;
  console.log(`${d.artifactId} ${verb} by ${d.operator} at ${d.at} (registry seq ${d.seq})`);
  console.log(`  reason: ${d.reason}`);
  const e = d.evidence;
  const fuzz = e.fuzzed ? `, fuzzed ${num(e.fuzzed.utility)} over ${e.fuzzed.runs} runs` : '';
  console.log(`  evidence seen: ${e.stage} ${e.status}${e.event ? ` (seq ${e.event.seq})` : ''}; utility ${num(e.public?.utility)}, held-out ${num(e.heldOut?.utility)}${fuzz}`);
  // the rung below's own decision, in plain language
  const below = e.gate?.why ?? (e.shadow ? `shadow verdict ${e.shadow.verdict}: ${e.shadow.reasons.join('; ')}` : undefined);
  if (below) console.log(`  ${e.stage} decided: ${below}`);
  console.log(`  now: ${d.promotion.state} at ${d.promotion.stage}: ${d.promotion.why}`);
}

export function decideCommands(program: Command): void {
  for (const [action, what] of [
    ['approve', 'let an artifact waiting for an operator into its next rung (shadow, active)'],
    ['reject', 'refuse an artifact waiting for an operator; its climb ends'],
  ] as const) {
    program
      .command(`${action} <id>`)
      .description(`${what}; needs an operator's token in OLA_TOKEN`)
      .requiredOption('--reason <text>', 'why; recorded with the decision')
      .option('--stage <stage>', `the rung you mean to decide (${STAGES.join(', ')}); refused if the artifact waits at another`)
      .option('--url <url>', 'the lab (env OLA_URL)')
      .option('--json', 'print the raw json')
      .action(async (id: string, opts: { reason: string; stage?: string; url?: string; json?: boolean }) => {
        const body = { reason: opts.reason, ...(opts.stage ? { stage: opts.stage } : {}) };
        const res = await call<Decided>(labUrl(opts.url), `/promotions/${encodeURIComponent(id)}/${action}`, { method: 'POST', body, token: callerToken() });
        if (res.status !== 200) {
          console.error(`${action} refused: ${apiError(res.body, res.status)}`);
          return process.exit(EXIT.error);
        }
        if (opts.json) console.log(JSON.stringify(res.body, null, 2));
        else printDecision(res.body);
      });
  }
}
