// ola events: the registry's events, one line each with its plain-language why (a gate's, an
// operator's, a rollback's, a retirement's, a kill's...); --follow goes on with live ones.
import type { Command } from 'commander';
import type { StoredEvent } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import { apiError, call, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** an event's why, where it has one: its own, its gate decision's, where it sent the artifact, a reason */
export function whyOf(e: StoredEvent): string {
  const p = e.payload;
  const reasons = Array.isArray(p.reasons) ? p.reasons.filter((r): r is string => typeof r === 'string') : [];
  return str(p.why) ?? str(obj(p.decision).why) ?? str(obj(p.promotion).why) ?? str(p.reason) ?? reasons.join('; ');
}

/** reads the stream's frames; stops where the replay ends unless following */
async function stream(url: string, follow: boolean, each: (e: StoredEvent) => void): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new OlaError('OLA_ERR_LAB_UNREACHABLE', `cannot reach the lab at ${new URL(url).origin} (${(err as Error).message}); start it with 'npm start' or pass --url`);
  }
  if (res.status !== 200 || !res.body) {
    console.error(`events: ${apiError(await res.json().catch(() => undefined), res.status)}`);
    return process.exit(EXIT.error);
  }
  const decoder = new TextDecoder();
  let buf = '';
  let data = '';
  for await (const chunk of res.body) {
    buf += decoder.decode(chunk as Uint8Array, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('data: ')) data += line.slice(6);
      else if (line === '' && data) (each(JSON.parse(data) as StoredEvent), (data = ''));
      // leaving the loop cancels the stream
      else if (line.startsWith(': replayed') && !follow) return;
    }
  }
}

export function eventsCommand(program: Command): void {
  program
    .command('events')
    .description('registry events, one line each with its why (gates, promotions, approvals, rollbacks, retirements, kills, halts, decay reviews); by default the last 50')
    .option('--after <seq>', 'the events after this registry seq (default: the last 50)')
    .option('--types <list>', 'comma-separated event types (e.g. capability_rolled_back,artifact_killed)')
    .option('--follow', 'go on printing events as they are recorded (Ctrl-C stops)')
    .option('--url <url>', 'the lab (env OLA_URL)')
    .option('--json', 'print each event as one line of json')
    .action(async (opts: { after?: string; types?: string; follow?: boolean; url?: string; json?: boolean }) => {
      const base = labUrl(opts.url);
      let after = opts.after === undefined ? undefined : Number(opts.after);
      if (after !== undefined && !(Number.isInteger(after) && after >= 0)) {
        console.error('events: --after takes a registry seq (a whole number from 0)');
        return process.exit(EXIT.usage);
      }
      if (after === undefined) {
        const health = await call<{ registry?: { head?: { seq?: number } } }>(base, '/healthz');
        after = Math.max(0, (health.body.registry?.head?.seq ?? 0) - 50);
      }
      const query = new URLSearchParams({ after: String(after), ...(opts.types ? { types: opts.types } : {}) });
      await stream(`${base}/events?${query}`, opts.follow === true, (e) => {
        if (opts.json) return console.log(JSON.stringify(e));
        const why = whyOf(e);
        console.log(`${String(e.seq).padStart(6)}  ${e.ts}  ${e.type.padEnd(22)} ${e.subject}${why ? `: ${why}` : ''}`);
      });
    });
}
