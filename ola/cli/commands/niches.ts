// ola niches: the lab's niches and their current best.
import type { Command } from 'commander';
import { apiError, call, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';
import { table } from '../table.ts';

interface NicheRow {
  id: string;
  title: string;
  headline: { metric: string; better: string; unit: string };
  scenarios: { public: number; heldOut: number };
  best: { id: string; utility: number | null } | null;
}

export function nichesCommand(program: Command): void {
  program
    .command('niches')
    .description('list the niches, their scenarios and current best')
    .option('--url <url>', 'the lab (env OLA_URL)')
    .action(async (opts: { url?: string }) => {
      const res = await call<{ niches: NicheRow[] }>(labUrl(opts.url), '/niches');
      if (res.status !== 200) {
        console.error(apiError(res.body, res.status));
        return process.exit(EXIT.error);
      }
      const rows = res.body.niches.map((n) => [
        n.id,
        n.title,
        `${n.headline.metric} (${n.headline.better} is better)`,
        `${n.scenarios.public}+${n.scenarios.heldOut} held out`,
        n.best ? `${n.best.id} (utility ${n.best.utility?.toFixed(4)})` : 'none yet',
      ]);
      for (const line of table(['niche', 'title', 'headline', 'scenarios', 'best'], rows)) console.log(line);
    });
}
