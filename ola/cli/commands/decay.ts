// the decay review from the command line: ola review lists active capabilities that are unused
// or outperformed, with the evidence; ola retire NICHE (an operator, OLA_TOKEN) retires one.
import type { Command } from 'commander';
import type { RollbackRecord } from '../../promotion/active/capabilities.ts';
import type { DecayReviewResult } from '../../promotion/active/decay.ts';
import type { DecayFinding } from '../../promotion/active/decay-findings.ts';
import { apiError, call, callerToken, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';

type Retired = RollbackRecord & { evidence: { reviewedAt: string; findings: DecayFinding[] } };

export function decayCommands(program: Command): void {
  program
    .command('review')
    .description("the decay review: each niche's active capability, and the ones unused or outperformed by a newer artifact in shadow, with the evidence")
    .option('--now', 'run a review now rather than show the latest')
    .option('--url <url>', 'the lab (env OLA_URL)')
    .option('--json', 'print the raw json')
    .action(async (opts: { now?: boolean; url?: string; json?: boolean }) => {
      const res = await call<DecayReviewResult>(labUrl(opts.url), `/capabilities/review${opts.now ? '?now=1' : ''}`, {});
      if (res.status !== 200) {
        console.error(`review: ${apiError(res.body, res.status)}`);
        return process.exit(EXIT.error);
      }
      if (opts.json) return console.log(JSON.stringify(res.body, null, 2));
      const r = res.body;
      console.log(`decay review at ${r.at}: ${r.findings.length} finding(s)`);
      for (const n of r.niches) {
        const uses = n.active ? ` since ${n.since}, ${n.uses} use(s) seen, last ${n.lastUse ?? 'none'}` : '';
        console.log(`${n.niche.padEnd(16)} ${n.active ?? 'built-in fallback'}${uses}`);
        for (const f of n.findings) console.log(`  ${f.why}`);
      }
      if (r.findings.length) console.log("retire one with: ola retire NICHE --reason TEXT (an operator's token in OLA_TOKEN)");
    });

  program
    .command('retire <niche>')
    .description("retire a niche's active capability after the decay review: the one beneath it (the next best) or the built-in fallback is used again; needs an operator's token in OLA_TOKEN")
    .requiredOption('--reason <text>', 'why; recorded')
    .option('--expect <id>', 'the artifact you mean to retire: refused if another one is active by then')
    .option('--url <url>', 'the lab (env OLA_URL)')
    .option('--json', 'print the raw json')
    .action(async (niche: string, opts: { reason: string; expect?: string; url?: string; json?: boolean }) => {
      const body = { reason: opts.reason, ...(opts.expect ? { expect: opts.expect } : {}) };
      const res = await call<Retired>(labUrl(opts.url), `/capabilities/${encodeURIComponent(niche)}/retire`, { method: 'POST', body, token: callerToken() });
      if (res.status !== 200) {
        console.error(`retire refused: ${apiError(res.body, res.status)}`);
        return process.exit(EXIT.error);
      }
      if (opts.json) return console.log(JSON.stringify(res.body, null, 2));
      const r = res.body;
      console.log(`${r.niche}: retired ${r.from} by ${r.by} at ${r.at} (registry seq ${r.seq}); ${r.to ?? 'the built-in fallback'} is used again`);
      console.log(`  why: ${r.why}`);
      const seen = r.evidence.findings.map((f) => f.why);
      console.log(`  the review at ${r.evidence.reviewedAt}: ${seen.length ? seen.join('; ') : 'no findings about it'}`);
    });
}
