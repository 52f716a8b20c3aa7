// an operator's other actions: ola rollback NICHE, ola kill ID, ola halt, ola resume, ola rotate-key, and ola
// capabilities (what the lab uses). the token is the operator's own, from OLA_TOKEN.
import type { Command } from 'commander';
import type { RollbackRecord } from '../../promotion/active/capabilities.ts';
import type { KillResult } from '../../promotion/kill-switch.ts';
import type { ActionState } from '../../promotion/lab-actions.ts';
import { apiError, call, callerToken, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';

interface Common {
  reason: string;
  url?: string;
  json?: boolean;
}

/** posts an operator's action; prints the answer (raw with --json) or the refusal */
async function post<T>(what: string, opts: Common, path: string, body: Record<string, unknown>, print: (r: T, status: number) => void): Promise<void> {
  const res = await call<T>(labUrl(opts.url), path, { method: 'POST', body, token: callerToken() });
  if (res.status !== 200 && res.status !== 202) {
    console.error(`${what} refused: ${apiError(res.body, res.status)}`);
    return process.exit(EXIT.error);
  }
  if (opts.json) console.log(JSON.stringify(res.body, null, 2));
  else print(res.body, res.status);
}

type Rollback = RollbackRecord;
type Kill = KillResult;
type LabAction = ActionState;
interface Active {
  active: { niche: string; artifactId: string | null; since: string | null; previous: string | null; why: string; stability: number; rollbacks: { from: string; to: string | null; automatic: boolean; by: string; why: string; at: string; retired?: boolean }[] }[];
}

const fallback = (id: string | null) => id ?? 'the built-in fallback';

export function operateCommands(program: Command): void {
  const withCommon = (c: Command) => c.requiredOption('--reason <text>', 'why; recorded').option('--url <url>', 'the lab (env OLA_URL)').option('--json', 'print the raw json');

  withCommon(program.command('rollback <niche>').description("put back what was active before the niche's active capability (or the built-in fallback); needs an operator's token in OLA_TOKEN"))
    .option('--expect <id>', 'the artifact you mean to roll back: refused if another one is active by then')
    .action((niche: string, opts: Common & { expect?: string }) =>
      post<Rollback>('rollback', opts, `/capabilities/${encodeURIComponent(niche)}/rollback`, { reason: opts.reason, ...(opts.expect ? { expect: opts.expect } : {}) }, (r) => {
        console.log(`${r.niche}: rolled back ${r.from} by ${r.by} at ${r.at} (registry seq ${r.seq}); ${fallback(r.to)} is used again`);
        console.log(`  why: ${r.why}`);
      }),
    );

  withCommon(program.command('kill <id>').description("stop every run of an artifact at once, at any rung, and refuse it for good; needs an operator's token in OLA_TOKEN")).action((id: string, opts: Common) =>
    post<Kill>('kill', opts, `/artifacts/${encodeURIComponent(id)}/kill`, { reason: opts.reason }, (r) => {
      console.log(`${r.artifactId} killed by ${r.operator} at ${r.at} (registry seq ${r.seq}): ${r.stoppedRuns} run(s) stopped`);
      if (r.rolledBackTo !== undefined) console.log(`  it was active: ${fallback(r.rolledBackTo)} is used again`);
      console.log(`  why: ${r.reason}`);
    }),
  );

  for (const [action, what] of [
    ['halt', 'halt every promotion'],
    ['resume', 'resume promotions (resets the circuit breaker)'],
    ['rotate-key', 'rotate the lab key: the old key signs the handover to a new one, which signs everything after'],
  ] as const) {
    withCommon(program.command(action).description(`${what}; with more than one operator configured, OLA_QUORUM distinct operators must ask; needs an operator's token in OLA_TOKEN`)).action((opts: Common) =>
      post<LabAction>(action, opts, `/lab/actions/${action}`, { reason: opts.reason }, (r) => {
        const who = r.requests.map((q) => q.operator).join(', ');
        console.log(r.state === 'done' ? `${action}: done (registry seq ${r.seq}), asked by ${who}` : `${action}: waiting for the quorum: ${r.requests.length} of ${r.needs} operators asked (${who})`);
        if (r.fingerprint) console.log(`  the lab key is now ${r.fingerprint}`);
      }),
    );
  }

  program
    .command('capabilities')
    .description('what the lab uses per niche: the active artifact or the built-in fallback, its rollback handle, stability, last rollbacks')
    .option('--url <url>', 'the lab (env OLA_URL)')
    .option('--json', 'print the raw json')
    .action(async (opts: { url?: string; json?: boolean }) => {
      const res = await call<Active>(labUrl(opts.url), '/capabilities?limit=1', {});
      if (res.status !== 200) {
        console.error(`capabilities: ${apiError(res.body, res.status)}`);
        return process.exit(EXIT.error);
      }
      if (opts.json) return console.log(JSON.stringify(res.body.active, null, 2));
      for (const c of res.body.active) {
        const since = c.since ? ` since ${c.since}, stability ${c.stability.toFixed(2)}, rollback handle ${fallback(c.previous)}` : '';
        console.log(`${c.niche.padEnd(16)} ${c.artifactId ?? 'built-in fallback'}${since}`);
        if (c.artifactId) console.log(`  why: ${c.why}`);
        for (const r of c.rollbacks.slice(-3)) console.log(`  ${r.at} ${r.retired ? 'retired' : 'rolled back'} ${r.from} -> ${fallback(r.to)} (${r.automatic ? 'automatic' : `by ${r.by}`}): ${r.why}`);
      }
    });
}
