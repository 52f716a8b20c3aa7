// ola evolve --niche N --budget E: an evolution run, on the running lab when one answers,
// else on a lab started in this process over --storage. progress bar and live summary.
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig, fromEnv } from '../../core/config.ts';
import { createLab } from '../../lab.ts';
import type { OlaRunRequest, OlaRunView } from '../../proposers/runs.ts';
import { apiError, call, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';

interface Opts {
  niche: string;
  proposer: 'evolve' | 'llm';
  budget: number;
  seconds?: number;
  seed?: number;
  islands?: number;
  batch?: number;
  url?: string;
  storage?: string;
  local?: boolean;
}

function live(v: OlaRunView): Record<string, string | number> {
  const g = v.generations.at(-1);
  const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : Number(x.toPrecision(4)));
  return { gen: g?.generation ?? 0, best: fmt(g?.best?.headline), baseline: fmt(v.baseline), cells: g?.archive ?? 0 };
}

function printSummary(v: OlaRunView): void {
  const s = v.summary;
  if (!s) return void console.error(`run ${v.id} ${v.state}${v.error ? `: ${v.error}` : ''}`);
  console.log(`run ${s.runId} on ${s.niche}: ${s.evaluations} evaluations in ${s.elapsedS.toFixed(1)} s (${s.evalsPerSecond.toFixed(1)}/s), ${s.generations} generations, stopped by ${s.stopped}`);
  console.log(`  baseline ${s.baseline}  best ${s.best?.headline} (${s.best?.id})  ${s.improved ? 'IMPROVED' : 'no improvement found'}`);
}

async function watch(get: () => Promise<OlaRunView | undefined>, budget: number, stop: () => Promise<void>): Promise<OlaRunView | undefined> {
  const bar = new SingleBar({ format: 'evolve [{bar}] {value}/{total} evals | gen {gen} | best {best} (baseline {baseline}) | {cells} cells', hideCursor: true }, Presets.shades_classic);
  bar.start(budget, 0, { gen: 0, best: '-', baseline: '-', cells: 0 });
  let stopping = false;
  const onInt = () => {
    if (!stopping) void stop();
    stopping = true;
  };
  process.on('SIGINT', onInt);
  try {
    for (;;) {
      const v = await get();
      if (!v) return undefined;
      bar.update(Math.min(budget, v.evaluations), live(v));
      if (v.state !== 'running') return v;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    bar.stop();
    process.off('SIGINT', onInt);
  }
}

export function evolveCommand(program: Command): void {
  program
    .command('evolve')
    .description('let the OLA propose for a niche: evolve from its baseline and best artifacts, or ask an llm')
    .requiredOption('--niche <niche>', 'the niche to work on')
    .option('--proposer <name>', 'evolve (offline) or llm (OLA_LLM_URL, OLA_LLM_MODEL)', 'evolve')
    .option('--budget <evaluations>', 'evaluations (children through the lifecycle)', (v) => Number(v), 500)
    .option('--seconds <s>', 'wall-time budget too', (v) => Number(v))
    .option('--seed <n>', 'seed for a repeatable run', (v) => Number(v))
    .option('--islands <n>', 'islands of the archive', (v) => Number(v))
    .option('--batch <n>', 'children per generation', (v) => Number(v))
    .option('--url <url>', 'the lab to use (env OLA_URL)')
    .option('--storage <dir>', 'when no lab answers: the data folder for a lab in this process')
    .option('--local', 'run in this process even if a lab answers')
    .action(async (opts: Opts) => {
      const req: OlaRunRequest = { niche: opts.niche, proposer: opts.proposer, seed: opts.seed, budget: { evaluations: opts.budget, seconds: opts.seconds }, islands: opts.islands, batch: opts.batch };
      const base = labUrl(opts.url);
      const reachable = !opts.local && (await call(base, '/healthz').then(() => true, () => false));
      let view: OlaRunView | undefined;
      if (reachable) {
        const res = await call<OlaRunView>(base, '/ola/runs', { method: 'POST', body: req });
        if (res.status !== 202) {
          console.error(`run refused: ${apiError(res.body, res.status)}`);
          return process.exit(EXIT.error);
        }
        console.log(`run ${res.body.id} on the lab at ${base} (seed ${res.body.options.seed})`);
        view = await watch(async () => (await call<OlaRunView>(base, `/ola/runs/${res.body.id}`)).body, opts.budget, async () => void (await call(base, `/ola/runs/${res.body.id}/stop`, { method: 'POST' })));
      } else {
        const config = loadConfig(fromEnv(process.env), { storage: { dir: opts.storage }, senses: { enabled: false }, server: { logLevel: 'silent' } });
        console.log(`${opts.local ? '' : `no lab at ${base}; `}running in this process on ${config.storage.dir}`);
        const lab = await createLab(config);
        try {
          const started = lab.ola.start(req);
          console.log(`run ${started.id} (seed ${started.options.seed})`);
          view = await watch(async () => lab.ola.get(started.id), opts.budget, async () => void (await lab.ola.stop(started.id)));
        } finally {
          await lab.close();
        }
      }
      if (!view) return process.exit(EXIT.error);
      printSummary(view);
      process.exit(view.state === 'failed' ? EXIT.error : EXIT.ok);
    });
}
