// the lab's handle on its senses: runs the sidecar and reads back only the feed files it writes.
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SNAPSHOT_FILE, feedFile, isFeedName } from './feed-names.ts';
import type { SidecarOptions } from './sidecar-options.ts';

export { FEEDS, type FeedName } from './feed-names.ts';

export interface SenseConfig {
  enabled: boolean;
  intervalMs: number;
  recordClock: boolean;
}

export interface SenseSnapshot {
  seq: number;
  ts: string;
  intervalMs: number;
  feeds: Record<string, unknown>;
}

const SIDECAR = fileURLToPath(new URL('./sidecar.ts', import.meta.url));
// the child runs typescript through tsx's loader, found from here so any cwd works
const TSX = createRequire(import.meta.url).resolve('tsx');
const RESTART_BACKOFF_MS = 1000;
const KILL_AFTER_MS = 2000;

async function readJson(path: string): Promise<unknown | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    // absent before the first tick; unparseable only if something other than the sidecar wrote it
    return undefined;
  }
}

function isSnapshot(v: unknown): v is SenseSnapshot {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.seq === 'number' && typeof s.ts === 'string' && typeof s.intervalMs === 'number' && typeof s.feeds === 'object' && s.feeds !== null;
}

export class SenseFeeds {
  private readonly sensesDir: string;
  private readonly storageDir: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private wanted = false;
  /** sidecars forked over this object's life, restarts included */
  spawned = 0;

  constructor(
    sensesDir: string,
    private readonly config: SenseConfig,
  ) {
    this.sensesDir = resolve(sensesDir);
    this.storageDir = dirname(this.sensesDir);
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** the sidecar's pid while it runs, for tests and diagnostics */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (!this.config.enabled || this.wanted) return;
    this.wanted = true;
    this.spawn();
  }

  private spawn(): void {
    this.restartTimer = undefined;
    if (!this.wanted || this.child) return;
    const opts: SidecarOptions = {
      sensesDir: this.sensesDir,
      storageDir: this.storageDir,
      intervalMs: this.config.intervalMs,
      recordClock: this.config.recordClock,
    };
    const child = fork(SIDECAR, [JSON.stringify(opts)], {
      execArgv: ['--import', TSX],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.spawned++;
    this.child = child;
    this.exited = new Promise((done) => {
      let gone = false;
      const onGone = () => {
        if (gone) return;
        gone = true;
        if (this.child === child) this.child = undefined;
        // a sidecar that dies on its own comes back, but not in a tight loop
        if (this.wanted) this.restartTimer = setTimeout(() => this.spawn(), RESTART_BACKOFF_MS);
        done();
      };
      child.once('exit', onGone);
      // a child that never started sends 'error' and no 'exit'; a running one's errors precede its exit
      child.on('error', () => {
        if (child.pid === undefined) onGone();
      });
    });
  }

  async stop(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.child;
    if (!child) return;
    const exited = this.exited;
    const kill = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(kill);
  }

  async snapshot(): Promise<SenseSnapshot | undefined> {
    const v = await readJson(join(this.sensesDir, SNAPSHOT_FILE));
    return isSnapshot(v) ? v : undefined;
  }

  async feed(name: string): Promise<unknown | undefined> {
    // only names from the fixed list reach the file system, so no path can escape the folder
    if (!isFeedName(name)) return undefined;
    return readJson(join(this.sensesDir, feedFile(name)));
  }
}
