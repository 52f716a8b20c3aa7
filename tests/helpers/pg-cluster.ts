// a throwaway postgresql cluster for tests: initdb under a temp folder, reached over a unix
// socket in that folder (no tcp port to collide on), trust auth, fsync off, stopped and removed
// at the end. the same in a session and in ci (.ci/run installs debian's postgresql). as root,
// the server runs as the postgres user (initdb refuses root). OLA_TEST_DATABASE_URL (a
// superuser's url) points the tests at a server of your own instead.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
  /** a fresh empty database; its url */
  createDatabase(): Promise<string>;
  /** runs sql as the superuser on a database of this cluster */
  admin<T = unknown>(url: string, sql: string, args?: unknown[], opts?: { unguarded?: boolean }): Promise<T[]>;
  stop(): Promise<void>;
}

/** initdb and pg_ctl: debian keeps them off PATH, one folder per major version */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('postgresql is not installed (apt-get install postgresql; .ci/run does)');
  return join(root, newest, 'bin');
}

/** the postgres user's ids when running as root */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no postgres user to run the server as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function query<T>(url: string, sql: string, args: unknown[] = [], unguarded = false): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // replica mode: ordinary triggers do not fire, as a superuser editing rows behind the store's back
    if (unguarded) await client.query('SET session_replication_role = replica');
    return (await client.query(sql, args)).rows as T[];
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function startPgCluster(): Promise<PgCluster> {
  const external = process.env.OLA_TEST_DATABASE_URL;
  const made: string[] = [];
  let n = 0;
  const cluster = (adminUrl: string, stopServer: () => void): PgCluster => ({
    async createDatabase() {
      const name = `ola_test_${process.pid}_${Date.now().toString(36)}_${n++}`;
      await query(adminUrl, `CREATE DATABASE ${name}`);
      made.push(name);
      return withDatabase(adminUrl, name);
    },
    admin: (url, sql, args, opts) => query(url, sql, args, opts?.unguarded),
    async stop() {
      if (external) for (const name of made) await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      stopServer();
    },
  });
  if (external) return cluster(external, () => undefined);

  const bin = binDir();
  // /tmp: the postgres user must reach it, and a socket path must stay under ~100 bytes
  const dir = mkdtempSync(join(existsSync('/tmp') ? '/tmp' : tmpdir(), 'ola-pg-'));
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]) => execFileSync(join(bin, cmd), args, { cwd: dir, stdio: 'pipe', ...user });
  const data = join(dir, 'data');
  const port = 5432; // the socket file is named by it; the folder is ours alone
  try {
    run('initdb', ['-D', data, '-U', 'ola', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const server = `-c listen_addresses= -k ${dir} -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB`;
    run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', server]);
  } catch (err) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway postgresql: ${(err as Error).message}\n${log}`);
  }
  const adminUrl = `postgresql://ola@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`;
  let stopped = false;
  const stopServer = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // a test process that ends without its afterAll leaves no server behind
  process.once('exit', () => {
    try {
      stopServer();
    } catch {
      // exiting anyway
    }
  });
  return cluster(adminUrl, stopServer);
}
