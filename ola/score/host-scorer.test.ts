import { describe, expect, it } from 'vitest';
import type { Niche, RunResult } from '../core/contracts.ts';
import clockNiche from '../niches/clock/index.ts';
import { HostScorer } from './host-scorer.ts';

const niche = clockNiche as Niche;
const scenarios = niche.scenarios({ heldOutKey: Buffer.alloc(32, 7), storageDir: '/nonexistent' }).filter((s) => !s.heldOut);
const limits = { memoryMb: 64, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 1 << 20 };
const run = (scenarioId: string, r: Partial<RunResult>): RunResult => ({ scenarioId, ok: true, cpuMs: 1, wallMs: 1, heapBytes: 1 << 20, ...r });

describe('HostScorer', () => {
  it('names a judged-bad output OLA_ERR_BAD_OUTPUT, though the run itself finished', () => {
    const [a, b, c] = scenarios.map((s) => s.id);
    const wrongType = { estimates: new Float64Array(0), drift: NaN, confidence: NaN, method: '', badType: 'estimate returned string at query 0' };
    const score = new HostScorer().score(niche, scenarios.slice(0, 3), [
      run(a!, { output: wrongType }),
      run(b!, { output: 'not the driver shape' }),
      run(c!, { ok: false, error: { code: 'OLA_ERR_SANDBOX_TIMEOUT', message: 'wall limit' } }),
    ], limits);
    expect(score.scenarios.map((s) => s.reason)).toEqual([
      'OLA_ERR_BAD_OUTPUT: estimate returned string at query 0',
      'OLA_ERR_BAD_OUTPUT: output is not the driver shape',
      'OLA_ERR_SANDBOX_TIMEOUT: wall limit',
    ]);
    expect(score.crashes).toBe(3);
  });
});
