import { describe, expect, it } from 'vitest';
import { clockSummary } from './internal-clock.ts';

describe('the internal clock line', () => {
  const base = { wallMs: 1_700_000_000_000, hostWallMs: 1_700_000_000_000, at: '2026-11-30T12:00:00.000Z' };

  it('names the active artifact and the error against the host', () => {
    expect(clockSummary({ ...base, source: 'active', artifactId: 'a_X', errorMs: -0.21234 })).toEqual({ source: 'active artifact a_X', error: '0.212 ms' });
  });

  it('says when the lab falls back to its built-in clock', () => {
    expect(clockSummary({ ...base, source: 'fallback', artifactId: null, errorMs: 0 }).source).toMatch(/^built-in fallback/);
    expect(clockSummary({ ...base, source: 'fallback', artifactId: null, errorMs: 0 }).error).toBe('0 ms');
  });
});
