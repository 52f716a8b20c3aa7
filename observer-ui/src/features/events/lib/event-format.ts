// one terminal line per event, coloured by what kind of event it is (ansi sgr codes).
import type { LabEvent } from './event-types.ts';

const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

/** ansi colour per event family; failures stand out in red */
export function colourOf(e: LabEvent): string {
  const t = e.type;
  if (t === 'proposal_rejected' || t === 'proposal_failed' || t === 'proposer_failed' || t === 'stage_failed' || t === 'token_refused' || t === 'promotion_rejected') return '\x1b[91m';
  if (t === 'stage_passed' || /approv|activat|promot(ed|ion_done)/.test(t)) return '\x1b[1;92m';
  if (t.startsWith('stage_') || t.startsWith('promotion_') || /rollback|shadow/.test(t)) return '\x1b[34m';
  if (t === 'gate_decided') return (e.payload.decision as { pass?: boolean } | undefined)?.pass ? '\x1b[92m' : '\x1b[93m';
  if (t.startsWith('proposal_')) return '\x1b[94m';
  if (t === 'run_executed' || t === 'score_recorded') return '\x1b[37m';
  if (t === 'artifact_registered') return '\x1b[96m';
  if (t === 'token_issued') return '\x1b[33m';
  if (t.startsWith('evolution_') || t === 'elite_added' || t === 'island_restarted') return '\x1b[95m';
  if (t === 'lab_started') return '\x1b[1;97m';
  return '\x1b[36m'; // telemetry and anything new
}

function summary(e: LabEvent): string {
  const p = e.payload;
  switch (e.type) {
    case 'gate_decided': {
      const d = p.decision as { pass?: boolean; stage?: string; reasons?: string[] } | undefined;
      return `${d?.pass ? 'PASS' : 'fail'} at ${d?.stage ?? '?'}${d?.reasons?.length ? `: ${d.reasons.slice(0, 2).join('; ')}` : ''}`;
    }
    case 'score_recorded': {
      const s = p.score as { utility?: number; crashes?: number } | undefined;
      return `utility ${s?.utility?.toFixed(4) ?? '?'} crashes ${s?.crashes ?? '?'} (${String(p.phase ?? '')})`;
    }
    case 'proposal_rejected': {
      const r = (p.reasons as { message?: string }[] | undefined) ?? [];
      return r.map((x) => x.message).slice(0, 2).join('; ');
    }
    case 'proposal_received':
      return `from ${String(p.proposer)} (${String(p.language)})`;
    case 'token_issued':
      return `${String(p.from)} -> ${String(p.to)}${p.purpose ? ` (${String(p.purpose)})` : ''}`;
    case 'promotion_approved':
    case 'promotion_rejected':
      return `${e.type === 'promotion_approved' ? 'approved into' : 'rejected at'} ${String(p.stage)} by ${String(p.operator)}: ${String(p.reason)}`;
    case 'evolution_generation': {
      const b = p.best as { fitness?: number } | undefined;
      return `gen ${String(p.generation)} evals ${String(p.evaluations)} best ${b?.fitness?.toFixed(4) ?? '-'}`;
    }
    default: {
      const text = JSON.stringify(p);
      return text.length > 120 ? `${text.slice(0, 117)}...` : text;
    }
  }
}

/** payload text never moves the cursor or changes colours: control characters become spaces */
const clean = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, ' ');

/** the visible width of everything before the summary */
const PREFIX = 7 + 1 + 12 + 1 + 24 + 1 + 30 + 1 + 15 + 1;

/** one line; with `width` (the terminal's columns) the summary is cut so the line never wraps */
export function formatEvent(e: LabEvent, niche: string | undefined, width?: number): string {
  const seq = `#${e.seq}`.padStart(7);
  let text = clean(summary(e));
  const room = width === undefined ? Infinity : Math.max(16, width - PREFIX - 1);
  if (text.length > room) text = `${text.slice(0, room - 1)}…`;
  return `${DIM}${seq} ${e.ts.slice(11, 23)}${RESET} ${colourOf(e)}${e.type.padEnd(24)}${RESET} ${clean(e.subject).slice(0, 30).padEnd(30)} ${DIM}${(niche ?? '').padEnd(15)}${RESET} ${text}`;
}
