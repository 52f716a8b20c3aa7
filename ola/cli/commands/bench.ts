// ola bench day1: the day-1 validation benchmark, run in this process against the registry.
import type { Command } from 'commander';
import { day1Cli } from '../../bench/day1-main.ts';
import { EXIT } from '../exit-codes.ts';

export function benchCommand(program: Command): void {
  const bench = program.command('bench').description('benchmarks (results under storage/bench/)');
  bench
    .command('day1')
    .description("the seed's day-1 validation targets, run on each niche's best artifact (or its baseline)")
    .option('--storage <dir>', 'data folder (env OLA_STORAGE, default storage/)')
    .option('--quick', 'a short run (5 s clock recording, fewer scenarios); figures not comparable')
    .action(async (opts: { storage?: string; quick?: boolean }) => {
      const result = await day1Cli({ storage: opts.storage ?? process.env.OLA_STORAGE ?? 'storage', quick: opts.quick === true });
      process.exit(result.errors.length > 0 ? EXIT.error : EXIT.ok);
    });
}
