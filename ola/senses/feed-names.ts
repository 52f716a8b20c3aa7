// the feed files the sidecar writes; nothing outside this list is ever read back.

export const FEEDS = ['cpu', 'memory', 'blockio', 'netio', 'clocks', 'entropy', 'gpu', 'input'] as const;

export type FeedName = (typeof FEEDS)[number];

export function isFeedName(name: string): name is FeedName {
  return (FEEDS as readonly string[]).includes(name);
}

export const SNAPSHOT_FILE = 'snapshot.json';

export function feedFile(name: FeedName): string {
  return `${name}.json`;
}
