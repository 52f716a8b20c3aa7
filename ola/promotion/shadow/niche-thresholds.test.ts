// every niche holds shadow thresholds as data, and they are sound.
import { describe, expect, it } from 'vitest';
import { ALL_NICHES } from '../../niches/catalog.ts';
import { checkThresholds } from './thresholds.ts';

describe("the niches' shadow thresholds", () => {
  it('exist for every niche and pass the schema', () => {
    for (const n of ALL_NICHES) {
      expect(n.shadow, `${n.id} has no shadow thresholds`).toBeDefined();
      expect(() => checkThresholds(n.shadow!), n.id).not.toThrow();
    }
  });

  it('fail every mismatch where the output must be exact', () => {
    const exact = ALL_NICHES.filter((n) => n.shadow?.maxMismatchRate === 0).map((n) => n.id);
    expect(exact.sort()).toEqual(['fuse.compress', 'io.coalesce', 'usb.probe']);
  });

  it('refuse unsound data, naming the field', () => {
    const t = ALL_NICHES[0]!.shadow!;
    expect(() => checkThresholds({ ...t, confidence: 1.5 })).toThrow(/confidence/);
    expect(() => checkThresholds({ ...t, minEvents: 1 })).toThrow(/minEvents/);
    expect(() => checkThresholds({ ...t, limits: [{ stat: 'p95', op: '<=', value: Number.NaN }] })).toThrow(/limits\.0\.value/);
  });
});
