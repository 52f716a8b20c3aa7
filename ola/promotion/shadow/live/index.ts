// the live feed of every niche that has one; a niche without one cannot be shadowed (said).
import type { LiveFeed } from '../live.ts';
import { clockLive } from './clock.ts';

export const LIVE_FEEDS: ReadonlyMap<string, LiveFeed> = new Map([clockLive].map((f) => [f.niche, f]));
