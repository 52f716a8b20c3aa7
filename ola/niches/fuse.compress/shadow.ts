// fuse.compress shadow thresholds: real files under storage/, one event per file; a round
// trip that is not byte-exact is a mismatch and fails. no absolute ratio bound: live files
// (sqlite pages, gzip archives) compress unlike the corpus, so only the incumbent is a fair line.
import type { ShadowThresholds } from '../../core/contracts.ts';

export const shadow: ShadowThresholds = {
  metric: { name: 'ratio', better: 'higher', unit: 'x', what: 'original / compressed bytes of one file, read back exactly' },
  minEvents: 30,
  confidence: 0.95,
  toleratedEffect: 0.147,
  maxCrashRateIncrease: 0,
  maxMismatchRate: 0,
};
