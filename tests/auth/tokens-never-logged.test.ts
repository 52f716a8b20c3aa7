// a real `ola serve` at trace level, called with good, forged and misplaced bearer tokens: no
// token reaches its output, while the calls themselves are logged.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../ola/api/server.ts';
import { tmpStorage } from '../helpers/tmp-storage.ts';

const OLA = join(import.meta.dirname, '..', '..', 'bin', 'ola');
const token = () => randomBytes(24).toString('base64url');
const ALICE = token();
const SAM = token();
const FORGED = token();

let child: ChildProcess;
let output = '';
let url: string;
const storage = tmpStorage();

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, OLA_LOG_LEVEL: 'trace', OLA_OPERATOR_TOKENS: `alice:${ALICE}`, OLA_SUBMITTER_TOKENS: `sam:${SAM}` };
  delete env.OLA_TOKEN;
  child = spawn(OLA, ['serve', '--port', '0', '--storage', storage.dir, '--no-senses'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const end = Date.now() + 60_000;
  for (;;) {
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (m) {
      url = m[1]!;
      break;
    }
    if (Date.now() > end || child.exitCode !== null) throw new Error(`ola serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  storage.cleanup();
});

describe('bearer tokens and the logs', () => {
  it('logs the calls, the operators by name, and never a token', async () => {
    const post = (path: string, auth: string | undefined, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) });
    const proposal = { niche: 'clock', source: 'export function sync() {}', language: 'js' };
    const unknown = `/promotions/a_${'0'.repeat(26)}/approve`;
    const answers = await Promise.all([
      post('/proposals', `Bearer ${SAM}`, proposal),
      post('/proposals', `Bearer ${FORGED}`, proposal),
      post('/proposals', `Basic ${Buffer.from(`sam:${SAM}`).toString('base64')}`, proposal),
      post(unknown, `Bearer ${ALICE}`, { reason: 'ok' }),
      post(unknown, `Bearer ${SAM}`, { reason: 'ok' }),
      post(unknown, `Bearer ${ALICE}`, { reason: `pasted ${ALICE}` }),
      post(unknown, `Bearer ${ALICE.slice(0, -2)}`, { reason: 'ok' }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([202, 401, 401, 404, 403, 400, 401]);
    // let the last lines out
    await new Promise((r) => setTimeout(r, 500));
    expect(output).toContain('incoming request');
    expect(output).toContain('/promotions/');
    expect(output).toMatch(/"operators":\["alice"\],"submitters":1/);
    for (const tk of [ALICE, SAM, FORGED, ALICE.slice(0, -2)]) expect(output.includes(tk), 'a token reached the log').toBe(false);
    expect(output).not.toContain(Buffer.from(`sam:${SAM}`).toString('base64'));
  });

  it("redacts an authorization header that a log line does carry", () => {
    let line = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((line += chunk.toString()), done()) });
    const log = pino(loggerOptions('info'), sink);
    log.info({ req: { method: 'POST', headers: { authorization: `Bearer ${ALICE}`, cookie: `t=${SAM}` } } }, 'with headers');
    expect(line).toContain('[redacted]');
    expect(line).not.toContain(ALICE);
    expect(line).not.toContain(SAM);
  });
});
