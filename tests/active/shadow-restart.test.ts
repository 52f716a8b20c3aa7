// a lab killed with -9 in the middle of shadowing an artifact, then started again: shadow
// resumes from the rounds it had saved, nothing is lost, the verdict comes, and the registry
// verifies. the artifact reaches the gate at shadow through stand-in rungs in this process;
// the approval, the shadowing and the kill happen to a real `ola serve`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tmpStorage } from '../../ola/core/tmp-storage.ts';
import { loadOrCreateKeys } from '../../ola/registry/keys.ts';
import { openRegistry } from '../../ola/registry/open-store.ts';
import { proposeToShadowGate, startStandInLadder, until } from '../helpers/stand-in-ladder.ts';
import { startTestLab } from '../helpers/test-lab.ts';

const OLA = join(import.meta.dirname, '..', '..', 'bin', 'ola');
const OPERATOR = randomBytes(24).toString('base64url');

function serve(dir: string): Promise<{ proc: ChildProcess; url: string }> {
  const env = { ...process.env, OLA_OPERATOR_TOKENS: `olga:${OPERATOR}`, OLA_LOG_LEVEL: 'info' };
  const proc = spawn(OLA, ['serve', '--port', '0', '--storage', dir, '--no-senses'], { env });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not listen in 60 s:\n${log}`)), 60_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(log)?.[1];
      if (url) (clearTimeout(timer), resolve({ proc, url }));
    };
    proc.stdout!.on('data', read);
    proc.stderr!.on('data', read);
    proc.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the lab exited (${code}):\n${log}`))));
  });
}

const artifact = async (url: string, id: string) => (await (await fetch(`${url}/artifacts/${id}`)).json()) as { promotion: { state: string; stage: string; why: string } };

it('resumes shadowing after a kill -9, keeping the rounds it had, and reaches its verdict', async () => {
  const storage = tmpStorage();
  try {
    // to the operator's gate at shadow, in this process
    const t = await startTestLab({}, storage.dir);
    const ladder = await startStandInLadder(t);
    const a = await proposeToShadowGate(t, ladder);
    await ladder.close();
    await t.close({ keepStorage: true });

    let lab = await serve(storage.dir);
    lab.proc.on('exit', () => undefined);
    const approved = await fetch(`${lab.url}/promotions/${a.id}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'vm evidence reviewed' }),
    });
    expect(approved.status, await approved.clone().text()).toBe(200);
    // killed once a round is saved and before the verdict
    const state = join(storage.dir, 'shadow', `${a.id}.json`);
    const saved = await until('a saved shadow round', async () => (existsSync(state) ? (JSON.parse(readFileSync(state, 'utf8')) as { rounds: number }) : undefined), 120_000);
    lab.proc.kill('SIGKILL');
    await new Promise((r) => lab.proc.once('exit', r));
    expect(saved.rounds).toBeGreaterThanOrEqual(1);

    lab = await serve(storage.dir);
    try {
      const done = await until('the verdict after the restart', async () => {
        const now = await artifact(lab.url, a.id);
        return now.promotion.stage === 'active' || now.promotion.state === 'failed' ? now : undefined;
      }, 180_000);
      expect(done.promotion, done.promotion.why).toMatchObject({ state: 'needs_approval', stage: 'active' });
      const report = (await (await fetch(`${lab.url}/artifacts/${a.id}/shadow`)).json()) as { counts: { events: number }; verdict: { verdict: string } };
      expect(report.verdict.verdict).toBe('pass');
    } finally {
      lab.proc.kill('SIGTERM');
      await new Promise((r) => lab.proc.once('exit', r));
    }
    const store = await openRegistry({ dir: storage.dir, keys: loadOrCreateKeys(storage.dir) });
    const starts = (await store.eventsOf({ types: ['stage_started'], subject: a.id })).filter((e) => e.payload.stage === 'shadow');
    await store.close();
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect((starts.at(-1)!.payload.runner as { resumedAtRound: number }).resumedAtRound).toBeGreaterThanOrEqual(saved.rounds);
    const verify = await new Promise<{ code: number | null; out: string }>((resolve) =>
      execFile(OLA, ['registry', 'verify', '--storage', storage.dir, '--full'], { encoding: 'utf8' }, (e, out) => resolve({ code: e ? Number(e.code) : 0, out })),
    );
    expect(verify.code, verify.out).toBe(0);
  } finally {
    storage.cleanup();
  }
}, 420_000);
