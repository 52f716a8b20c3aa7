// what needs no redis: run ids, the wire format, and OLA_REDIS_URL in the config.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../core/contracts.ts';
import { fromEnv, loadConfig } from '../../core/config.ts';
import { entryId, pack, runId, unpack } from './protocol.ts';

describe('the job queue protocol', () => {
  it('derives one run id per token nonce', () => {
    expect(runId('n1')).toBe(runId('n1'));
    expect(runId('n1')).not.toBe(runId('n2'));
    expect(runId('n1')).toMatch(/^r_[0-9a-f]{32}$/);
  });

  it('names an entry of one job by its run id, and a batch by its run ids', () => {
    expect(entryId([runId('n1')])).toBe(runId('n1'));
    const batch = entryId([runId('n1'), runId('n2')]);
    expect(batch).toMatch(/^b_[0-9a-f]{32}$/);
    expect(entryId([runId('n1'), runId('n2')])).toBe(batch);
    expect(entryId([runId('n2'), runId('n1')])).not.toBe(batch);
  });

  it('carries what an in-process run returns: typed arrays, NaN, undefined', () => {
    const runs: RunResult[] = [{ scenarioId: 's', ok: true, output: { px: new Uint8Array([1, 2]), e: Number.NaN, u: undefined }, cpuMs: 1, wallMs: 2, heapBytes: 3 }];
    const back = unpack<RunResult[]>(pack(runs));
    expect(back).toEqual(runs);
    expect((back[0]!.output as { px: unknown }).px).toBeInstanceOf(Uint8Array);
  });

  it('reads OLA_REDIS_URL, and names the field of a bad url', () => {
    expect(loadConfig(fromEnv({ OLA_REDIS_URL: 'redis://10.0.0.1:6379' })).queue.redisUrl).toBe('redis://10.0.0.1:6379');
    expect(loadConfig(fromEnv({ OLA_REDIS_URL: '' })).queue.redisUrl).toBeUndefined();
    expect(() => loadConfig(fromEnv({ OLA_REDIS_URL: 'localhost:6379' }))).toThrow(expect.objectContaining({ code: 'OLA_ERR_CONFIG', detail: { field: 'queue.redisUrl' } }));
  });
});
