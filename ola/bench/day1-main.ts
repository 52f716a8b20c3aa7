// npm run bench:day1 (and ola bench day1): the seed's day-1 validation targets.
import { runDay1, type Day1Result } from './day1/run-day1.ts';
import { printDay1 } from './day1/print.ts';
import { standaloneDay1 } from './day1/standalone.ts';
import { progress } from './progress.ts';

export async function day1Cli(opts: { storage: string; quick: boolean }): Promise<Day1Result> {
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  const { ctx, close } = standaloneDay1({ storage: opts.storage, quick: opts.quick, signal: ac.signal });
  // the total is known at the first report: the bar starts then
  let bar: ReturnType<typeof progress> | undefined;
  try {
    const result = await runDay1(ctx, (p) => {
      bar ??= progress('day-1', p.total, { detail: ' {part}: {label}', clear: true });
      bar.update(p.index, { part: p.part, label: p.label });
    });
    bar?.stop();
    printDay1(result);
    return result;
  } finally {
    bar?.stop();
    await close();
  }
}

const isMain = process.argv[1]?.endsWith('day1-main.ts');
if (isMain) {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--storage');
  const storage = at > 0 ? process.argv[at + 1]! : process.env.OLA_STORAGE ?? 'storage';
  const r = await day1Cli({ storage, quick });
  process.exit(r.errors.length > 0 ? 1 : 0);
}
