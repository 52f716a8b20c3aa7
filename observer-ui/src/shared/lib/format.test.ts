import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtNum, shortId } from './format.ts';

describe('formatters', () => {
  it('numbers: a dash for nothing, exponents for the very large and small', () => {
    expect(fmtNum(null)).toBe('–');
    expect(fmtNum(Number.NaN)).toBe('–');
    expect(fmtNum(0.75012, 3)).toBe('0.75');
    expect(fmtNum(2.83e-22)).toBe('2.83e-22');
    expect(fmtNum(1765219846544)).toBe('1.77e+12');
  });

  it('bytes and ids', () => {
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(shortId('a_01M8NT57R0CQ4EQ5VRSHKRSXAX')).toBe('a_01M8…SXAX');
  });
});
