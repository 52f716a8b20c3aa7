// the lab's activity per minute from its events: proposals by outcome, promotions, crashes,
// prediction error (input.predictor) and gui latency (gui.fb).
export interface ActivityRow {
  minute: string;
  passed: number;
  gateFailed: number;
  rejected: number;
  failed: number;
  promotions: number;
  crashes: number;
  predictionErrorPx: number | null;
  guiLatencyMs: number | null;
}

interface Bucket extends ActivityRow {
  predSum: number;
  predN: number;
  latSum: number;
  latN: number;
}

export const ACTIVITY_TYPES = ['gate_decided', 'proposal_rejected', 'proposal_failed', 'stage_passed', 'score_recorded', 'input_prediction', 'gui_construct'];

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export class Activity {
  private readonly buckets = new Map<string, Bucket>();

  add(e: { ts: string; type: string; payload: Record<string, unknown> }): void {
    const minute = e.ts.slice(0, 16);
    let b = this.buckets.get(minute);
    if (!b) {
      b = { minute, passed: 0, gateFailed: 0, rejected: 0, failed: 0, promotions: 0, crashes: 0, predictionErrorPx: null, guiLatencyMs: null, predSum: 0, predN: 0, latSum: 0, latN: 0 };
      this.buckets.set(minute, b);
    }
    const p = e.payload;
    if (e.type === 'gate_decided') (p.decision as { pass?: boolean } | undefined)?.pass ? b.passed++ : b.gateFailed++;
    else if (e.type === 'proposal_rejected') b.rejected++;
    else if (e.type === 'proposal_failed') b.failed++;
    else if (e.type === 'stage_passed') b.promotions++;
    else if (e.type === 'score_recorded') b.crashes += num((p.score as { crashes?: unknown } | undefined)?.crashes) ?? 0;
    else if (e.type === 'input_prediction' && num(p.pos_error_px) !== undefined) {
      b.predSum += num(p.pos_error_px)!;
      b.predN++;
    } else if (e.type === 'gui_construct' && num(p.latency_ms) !== undefined) {
      b.latSum += num(p.latency_ms)!;
      b.latN++;
    }
  }

  /** the last `limit` minutes that saw activity, oldest first */
  rows(limit = 60): ActivityRow[] {
    return [...this.buckets.values()]
      .sort((a, b) => (a.minute < b.minute ? -1 : 1))
      .slice(-limit)
      .map(({ predSum, predN, latSum, latN, ...r }) => ({ ...r, minute: r.minute.slice(11), predictionErrorPx: predN ? predSum / predN : null, guiLatencyMs: latN ? latSum / latN : null }));
  }
}
