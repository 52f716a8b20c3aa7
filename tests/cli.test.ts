// the ola cli against a running lab: outcomes, messages and exit codes.
import Database from 'better-sqlite3';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from './helpers/test-lab.ts';

const OLA = join(import.meta.dirname, '..', 'bin', 'ola');
let t: TestLab;
let url: string;

// async: the lab under test lives in this process and must keep answering
function ola(args: string[], cwd?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(OLA, args, { encoding: 'utf8', timeout: 120_000, cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

beforeAll(async () => {
  t = await startTestLab();
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

describe('ola cli', () => {
  it('proposes the clock baseline and waits for its gate', async () => {
    const r = await ola(['propose', 'ola/niches/clock/baseline.js', '--niche', 'clock', '--wait', '--url', url]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/status=gated/);
    expect(r.out).toMatch(/gate: pass; token issued for jail/);
    const id = /proposed (p_\w+)/.exec(r.out)![1]!;
    const s = await ola(['status', id, '--url', url]);
    expect(s.code).toBe(0);
    expect(s.out).toContain(id);
    expect((await ola(['niches', '--url', url])).out).toMatch(/clock\s+internal clock/);
  });

  it('lines up the columns of ola niches however long a title is', async () => {
    const lines = (await ola(['niches', '--url', url])).out.trimEnd().split('\n');
    expect(lines.length).toBe(t.lab.catalog.list().length + 1);
    const best = lines[0]!.indexOf('best');
    const scenarios = lines[0]!.indexOf('scenarios');
    for (const l of lines.slice(1)) {
      expect(l.slice(best), l).toMatch(/^(a_\w+ \(utility|none yet)/);
      expect(l.slice(scenarios), l).toMatch(/^\d+\+\d+ held out/);
    }
  });

  it('exits 5 when propose --wait times out, the proposal still running', async () => {
    // an artifact that spins to its wall limit: it cannot settle before a 0 s wait ends
    const slow = join(mkdtempSync(join(tmpdir(), 'ola-cli-')), 'slow.js');
    writeFileSync(slow, 'export function sync() {}\nexport function estimate(m) { for (;;) {} }\n');
    const r = await ola(['propose', slow, '--niche', 'clock', '--wait', '--timeout', '0', '--url', url]);
    expect(r.code).toBe(5);
    expect(r.err).toMatch(/still \w+ after 0 s; check later with: ola status p_/);
    const bad = await ola(['propose', 'ola/niches/clock/baseline.js', '--niche', 'clock', '--wait', '--timeout', 'soon', '--url', url]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/'soon' is not a number/);
  });

  it('exits 3 when a proposal is rejected, with the reason', async () => {
    const r = await ola(['propose', 'package.json', '--niche', 'clock', '--language', 'js', '--wait', '--url', url]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/status=rejected/);
    expect(r.out).toMatch(/rejected: \[parse\]/);
  });

  it("verifies the running lab's storage when no folder is given, and says which it checked", async () => {
    // from another folder: bin/ola must not depend on the caller's working directory
    const r = await ola(['registry', 'verify', '--url', url], tmpdir());
    expect(r.code).toBe(0);
    expect(r.out).toContain(`storage ${t.dir} (from the lab at ${url})`);
  });

  it('verifies a registry, and names the tampered row with exit 4', async () => {
    expect((await ola(['registry', 'verify', '--storage', t.dir])).out).toMatch(/registry ok: \d+ events verified/);
    const copy = `${t.dir}-tampered`;
    spawnSync('cp', ['-r', t.dir, copy]);
    spawnSync('rm', ['-f', join(copy, 'registry', 'writer.lock')]);
    const db = new Database(join(copy, 'registry', 'registry.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET body = replace(body, '\"proposer\":\"cli', '\"proposer\":\"evil') WHERE type = 'proposal_received'").run();
    db.close();
    const r = await ola(['registry', 'verify', '--storage', copy]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/^OLA_ERR_REGISTRY_TAMPERED: registry TAMPERED at seq \d+/);
    const json = await ola(['registry', 'verify', '--storage', copy, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, code: 'OLA_ERR_REGISTRY_TAMPERED', storage: copy });
    spawnSync('rm', ['-rf', copy]);
  });

  it('says what to do when no lab answers, and refuses bad usage', async () => {
    const r = await ola(['niches', '--url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot reach the lab.*npm start/);
    expect((await ola(['frobnicate'])).code).toBe(2);
    expect((await ola(['propose', 'nope.js', '--niche', 'clock', '--url', url])).err).toMatch(/cannot read nope.js/);
    for (const bad of ['localhost:8000', 'not a url', 'ftp://127.0.0.1:8000']) {
      const malformed = await ola(['niches', '--url', bad]);
      expect(malformed.code, bad).toBe(2);
      expect(malformed.err).toMatch(/OLA_ERR_BAD_URL: '.*' \(from --url\) is not an http\(s\) url/);
    }
    const unknown = await ola(['propose', 'ola/niches/clock/baseline.js', '--niche', 'teleport', '--url', url]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/OLA_ERR_UNKNOWN_NICHE/);
  });

  it('names a port in use instead of printing a stack trace', async () => {
    const port = new URL(url).port;
    const r = await ola(['serve', '--port', port, '--storage', `${t.dir}-port`, '--no-senses']);
    spawnSync('rm', ['-rf', `${t.dir}-port`]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`OLA_ERR_ADDRESS_IN_USE: 127\\.0\\.0\\.1:${port} is in use .*--port`));
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('evolves in its own process when asked to, and refuses storage another lab writes', async () => {
    const locked = await ola(['evolve', '--niche', 'clock', '--budget', '8', '--local', '--storage', t.dir]);
    expect(locked.code).toBe(1);
    expect(locked.err).toMatch(/OLA_ERR_STORAGE_LOCKED/);
    const r = await ola(['evolve', '--niche', 'clock', '--budget', '16', '--seed', '3', '--local', '--storage', `${t.dir}-evolve`]);
    spawnSync('rm', ['-rf', `${t.dir}-evolve`]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/16 evaluations/);
    expect(r.out).toMatch(/baseline 1\.66\d+\s+best/);
  });
});
