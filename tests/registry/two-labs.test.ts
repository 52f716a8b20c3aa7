// two real lab processes (`ola serve`) on one postgresql registry write one chain that
// `ola registry verify` passes; a registry cut off at its tail then fails verify (postgresql
// and sqlite), and a lab refuses to start on it. labs that take up a dead lab's work walk each
// proposal once (claims).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../ola/core/tmp-storage.ts';
import { loadOrCreateKeys } from '../../ola/registry/keys.ts';
import { SqliteStore } from '../../ola/registry/sqlite-store.ts';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster.ts';
import { seedLabKey } from '../helpers/test-lab.ts';

const OLA = join(import.meta.dirname, '..', '..', 'bin', 'ola');
// valid, runs, and fails its gate: nothing climbs the ladder, so no other stage is needed
const WEAK = 'export function sync() {}\nexport function estimate(m) { return 0; }\n';
const TERMINAL = new Set(['rejected', 'gated', 'failed']);

function ola(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(OLA, args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out, err });
    });
  });
}

interface Serve {
  proc: ChildProcess;
  url: string;
  log: () => string;
}

/** `ola serve` on a free port; resolves with its address once it listens */
function serve(dir: string, databaseUrl: string): Promise<Serve> {
  const proc = spawn(OLA, ['serve', '--port', '0', '--storage', dir, '--no-senses'], { env: { ...process.env, OLA_DATABASE_URL: databaseUrl, OLA_LOG_LEVEL: 'info' } });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not listen in 60 s:\n${log}`)), 60_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(log)?.[1];
      if (url) (clearTimeout(timer), resolve({ proc, url, log: () => log }));
    };
    proc.stdout.on('data', read);
    proc.stderr.on('data', read);
    proc.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the lab exited (${code}):\n${log}`))));
  });
}

function stop(lab: Serve): Promise<number | null> {
  if (lab.proc.exitCode !== null || lab.proc.signalCode !== null) return Promise.resolve(lab.proc.exitCode);
  return new Promise((resolve) => {
    lab.proc.once('exit', (code) => resolve(code));
    lab.proc.kill('SIGTERM');
  });
}

async function propose(lab: Serve, source: string, proposer: string): Promise<string> {
  const res = await fetch(`${lab.url}/proposals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ niche: 'clock', source, language: 'js', proposer }) });
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function settled(lab: Serve, id: string): Promise<string> {
  for (const until = Date.now() + 90_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const status = ((await (await fetch(`${lab.url}/proposals/${id}`)).json()) as { status: string }).status;
    if (TERMINAL.has(status)) return status;
  }
  throw new Error(`${id} did not settle`);
}

describe('the registry on postgresql, written by two lab processes', () => {
  let cluster: PgCluster;
  let databaseUrl: string;
  const dirs = [tmpStorage(), tmpStorage()];
  const labs: Serve[] = [];

  beforeAll(async () => {
    cluster = await startPgCluster();
    databaseUrl = await cluster.createDatabase();
    // one lab key for both: every row of the one chain is signed by it
    for (const d of dirs) seedLabKey(d.dir);
  });
  afterAll(async () => {
    await Promise.all(labs.map(stop));
    await cluster?.stop();
    for (const d of dirs) d.cleanup();
  });

  it('keeps one chain that verifies, then fails verify once its tail is cut off', async () => {
    labs.push(...(await Promise.all(dirs.map((d) => serve(d.dir, databaseUrl)))));
    const [a, b] = labs as [Serve, Serve];
    const ids = await Promise.all([
      ...[1, 2, 3].map((i) => propose(a, WEAK, `lab-a-${i}`)),
      ...[1, 2, 3].map((i) => propose(b, WEAK, `lab-b-${i}`)),
      propose(a, 'export function sync( {', 'lab-a-bad'),
      propose(b, 'export function sync( {', 'lab-b-bad'),
    ]);
    const statuses = await Promise.all(ids.map((id, i) => settled(i % 2 ? b : a, id)));
    expect(statuses.filter((s) => s === 'rejected')).toHaveLength(2);
    // one registry: each lab reads what the other wrote
    expect(((await (await fetch(`${b.url}/proposals/${ids[0]}`)).json()) as { proposer: string }).proposer).toBe('lab-a-1');

    const live = await ola(['registry', 'verify', '--storage', dirs[0]!.dir, '--database-url', databaseUrl, '--full']);
    expect(live.code, live.err).toBe(0);
    expect(await Promise.all(labs.map(stop))).toEqual([0, 0]);
    for (const d of dirs) {
      const r = await ola(['registry', 'verify', '--storage', d.dir, '--json'], { OLA_DATABASE_URL: databaseUrl });
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ ok: true, checkpoint: join(d.dir, 'registry-head-pg.json') });
    }
    const events = await cluster.admin<{ body: string }>(databaseUrl, "SELECT body FROM events WHERE type = 'lab_started'");
    expect(new Set(events.map((e) => JSON.parse(e.body).payload.pid)).size).toBe(2);

    // each lab's checkpoint names the head at its own last append: cut below both
    const heads = dirs.map((d) => (JSON.parse(readFileSync(join(d.dir, 'registry-head-pg.json'), 'utf8')) as { seq: number }).seq);
    const keep = Math.min(...heads) - 2;
    await cluster.admin(databaseUrl, 'DELETE FROM events WHERE seq > $1', [keep], { unguarded: true });
    for (const [i, d] of dirs.entries()) {
      const cut = await ola(['registry', 'verify', '--storage', d.dir, '--database-url', databaseUrl]);
      expect(cut.code).toBe(4);
      const said = `^OLA_ERR_REGISTRY_TAMPERED: registry TAMPERED at seq ${keep + 1}: the registry ends at seq ${keep} but the head checkpoint of .* names seq ${heads[i]}: its tail was cut off`;
      expect(cut.err).toMatch(new RegExp(said));
    }
    const refused = await ola(['serve', '--port', '0', '--storage', dirs[0]!.dir, '--no-senses'], { OLA_DATABASE_URL: databaseUrl });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/OLA_ERR_REGISTRY_TAMPERED: .*tail was cut off/);
  }, 240_000);
});

describe('labs sharing a postgresql registry, taking up a dead lab\'s work', () => {
  it('walks each unfinished proposal once, whichever lab resumes it', async () => {
    const cluster = await startPgCluster();
    const dirs = [tmpStorage(), tmpStorage(), tmpStorage()];
    const started: Serve[] = [];
    try {
      const databaseUrl = await cluster.createDatabase();
      for (const d of dirs) seedLabKey(d.dir);
      const first = await serve(dirs[0]!.dir, databaseUrl);
      started.push(first);
      const ids = await Promise.all(Array.from({ length: 16 }, (_, i) => propose(first, `${WEAK}// ${i}\n`, `lab-a-${i}`)));
      // the lab dies with work in flight, as a crash would leave it
      first.proc.kill('SIGKILL');
      await new Promise((r) => first.proc.once('exit', r));
      const done = await cluster.admin<{ subject: string }>(databaseUrl, "SELECT subject FROM events WHERE type IN ('gate_decided', 'proposal_rejected', 'proposal_failed')");
      const unfinished = ids.filter((id) => !done.some((e) => e.subject === id));
      expect(unfinished.length, 'no proposal was left unfinished: nothing to take up').toBeGreaterThan(0);
      // two labs start at once, and both find the same unfinished proposals
      const [b, c] = await Promise.all([serve(dirs[1]!.dir, databaseUrl), serve(dirs[2]!.dir, databaseUrl)]);
      started.push(b, c);
      for (const id of ids) expect(await settled(b, id)).toMatch(/gated|rejected|failed/);
      const gates = await cluster.admin<{ subject: string; n: string }>(databaseUrl, "SELECT subject, count(*) AS n FROM events WHERE type = 'gate_decided' GROUP BY subject");
      expect(gates.filter((g) => Number(g.n) > 1).map((g) => g.subject)).toEqual([]);
      expect(gates.filter((g) => ids.includes(g.subject))).toHaveLength(ids.length);
    } finally {
      await Promise.all(started.map(stop));
      await cluster.stop();
      for (const d of dirs) d.cleanup();
    }
  }, 240_000);
});

describe('a sqlite registry cut off at its tail', () => {
  it('fails `ola registry verify` even with its mirror cut to match', async () => {
    const s = tmpStorage();
    try {
      const store = new SqliteStore({ dir: s.dir, keys: loadOrCreateKeys(s.dir) });
      for (let i = 0; i < 6; i++) await store.append({ type: 'lab_started', subject: 'lab', payload: { i } });
      await store.close();
      const db = new Database(join(s.dir, 'registry', 'registry.sqlite'));
      db.exec('DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq > 4;');
      db.close();
      const mirror = join(s.dir, 'registry', 'events.log');
      writeFileSync(mirror, readFileSync(mirror, 'utf8').split('\n').slice(0, 4).map((l) => `${l}\n`).join(''));
      const r = await ola(['registry', 'verify', '--storage', s.dir], { OLA_DATABASE_URL: '' });
      expect(r.code).toBe(4);
      expect(r.err).toMatch(/TAMPERED at seq 5: the registry ends at seq 4 but the head checkpoint .* names seq 6: its tail was cut off/);
    } finally {
      s.cleanup();
    }
  });
});
