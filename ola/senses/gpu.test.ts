import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi, readGpu } from './gpu.ts';

describe('gpu', () => {
  it('parses nvidia-smi csv, mib to bytes, and n/a fields to null', () => {
    const out = 'NVIDIA GeForce RTX 3090, 37, 1024, 24576, 61\nTesla T4, [N/A], 0, 15360, [Not Supported]\n';
    const gpus = parseNvidiaSmi(out);
    expect(gpus).toHaveLength(2);
    expect(gpus[0]).toEqual({ index: 0, name: 'NVIDIA GeForce RTX 3090', utilisationPercent: 37, memoryUsedBytes: 1024 * 1024 * 1024, memoryTotalBytes: 24576 * 1024 * 1024, temperatureC: 61 });
    expect(gpus[1]).toMatchObject({ index: 1, name: 'Tesla T4', utilisationPercent: null, memoryUsedBytes: 0, temperatureC: null });
  });

  it('says nvidia-smi was not found when it is not on PATH', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ola-gpu-'));
    try {
      expect(await readGpu(empty)).toEqual({ available: false, reason: 'nvidia-smi not found' });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
