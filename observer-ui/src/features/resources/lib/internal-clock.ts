// the lab's internal clock as /sense/snapshot has it: the active clock artifact's reading (or the
// built-in fallback's) beside the host's wall clock.
import { fmtNum } from '../../../shared/lib/format.ts';

export interface InternalClock {
  source: 'active' | 'fallback';
  artifactId: string | null;
  wallMs: number;
  hostWallMs: number;
  errorMs: number;
  at: string;
}

/** "active a_… · error 0.21 ms" or "built-in fallback · error 0 ms" */
export function clockSummary(c: InternalClock): { source: string; error: string } {
  const source = c.source === 'active' && c.artifactId ? `active artifact ${c.artifactId}` : 'built-in fallback (the last host sample carried by the monotonic clock)';
  return { source, error: `${fmtNum(Math.abs(c.errorMs), 3)} ms` };
}
