// the live feed of every niche that has one; a niche without one cannot be shadowed (said).
import type { LiveFeed } from '../live.ts';
import { clockLive } from './clock.ts';
import { fuseCompressLive } from './fuse-compress.ts';
import { guiFbLive } from './gui-fb.ts';
import { inputPredictorLive } from './input-predictor.ts';
import { ioCoalesceLive } from './io-coalesce.ts';
import { ramStrategyLive } from './ram-strategy.ts';
import { usbProbeLive } from './usb-probe.ts';

export const LIVE_FEEDS: ReadonlyMap<string, LiveFeed> = new Map(
  [clockLive, fuseCompressLive, guiFbLive, inputPredictorLive, ioCoalesceLive, ramStrategyLive, usbProbeLive].map((f) => [f.niche, f]),
);
