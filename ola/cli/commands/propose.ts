// ola propose FILE --niche N [--wait]: submit an artifact and optionally wait for its outcome.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { ProposalRecord } from '../../core/contracts.ts';
import { apiError, call, callerToken, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';
import { nonNegative } from '../numbers.ts';
import { printProposal } from './status.ts';

export function proposeCommand(program: Command): void {
  program
    .command('propose <file>')
    .description('submit an artifact source file to the lab')
    .requiredOption('--niche <niche>', 'the niche the artifact implements')
    .option('--language <lang>', 'js or ts (default: from the file extension)')
    .option('--proposer <name>', 'who proposes it', process.env.USER ? `cli:${process.env.USER}` : 'cli')
    .option('--wait', 'wait until the lifecycle ends and print the outcome')
    .option('--timeout <seconds>', 'how long --wait waits (then exit 5, the proposal still running)', nonNegative, 120)
    .option('--url <url>', 'the lab (env OLA_URL, default http://127.0.0.1:8000)')
    .action(async (file: string, opts: { niche: string; language?: string; proposer: string; wait?: boolean; timeout: number; url?: string }) => {
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch (err) {
        console.error(`cannot read ${file}: ${(err as Error).message}`);
        return process.exit(EXIT.error);
      }
      const language = opts.language ?? (['.ts', '.mts'].includes(extname(file)) ? 'ts' : 'js');
      const base = labUrl(opts.url);
      const res = await call<{ id: string }>(base, '/proposals', { method: 'POST', body: { niche: opts.niche, source, language, proposer: opts.proposer }, token: callerToken() });
      if (res.status !== 202) {
        console.error(`proposal refused: ${apiError(res.body, res.status)}`);
        return process.exit(EXIT.error);
      }
      const { id } = res.body;
      console.log(`proposed ${id}`);
      if (!opts.wait) return;
      const deadline = Date.now() + opts.timeout * 1000;
      for (;;) {
        const p = await call<ProposalRecord>(base, `/proposals/${id}`);
        if (p.status === 200 && ['rejected', 'gated', 'failed'].includes(p.body.status)) {
          printProposal(p.body);
          const gate = p.body.steps.find((s) => s.state === 'gated')?.result?.decision as { pass?: boolean } | undefined;
          return process.exit(p.body.status === 'gated' && gate?.pass ? EXIT.ok : EXIT.notPassed);
        }
        if (Date.now() > deadline) {
          console.error(`still ${p.body.status} after ${opts.timeout} s; check later with: ola status ${id}`);
          return process.exit(EXIT.pending);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    });
}
