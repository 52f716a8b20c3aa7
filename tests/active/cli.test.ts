// the operator's other commands against a running lab: ola capabilities, ola rollback, ola
// kill, ola halt and ola resume, each refusing without an operator's token and saying why.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { proposeToActive, startStandInLadder, type StandInLadder } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';
import { olaCli } from '../helpers/ola-cli.ts';

const OPERATOR = randomBytes(24).toString('base64url');
let t: TestLab;
let ladder: StandInLadder;
let url: string;

beforeAll(async () => {
  t = await startTestLab({ auth: { operators: [{ name: 'olga', token: OPERATOR }] }, shadow: { sandbox: 'isolate', roundGapMs: 50 } });
  ladder = await startStandInLadder(t);
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await ladder.close();
  await t.close();
});

const ola = (args: string[], token?: string) => olaCli(url, args, token);

it('shows what is active, rolls it back, kills, halts and resumes', async () => {
  const a = await proposeToActive(t, ladder);
  const caps = await ola(['capabilities']);
  expect(caps.code, caps.err).toBe(0);
  expect(caps.out).toMatch(new RegExp(`clock\\s+${a.id} since .*rollback handle the built-in fallback`));

  const none = await ola(['rollback', 'clock', '--reason', 'slower than it looked']);
  expect(none.code).toBe(1);
  expect(none.err).toMatch(/rollback refused: OLA_ERR_UNAUTHENTICATED/);
  const back = await ola(['rollback', 'clock', '--reason', 'slower than it looked', '--expect', a.id], OPERATOR);
  expect(back.code, back.err).toBe(0);
  expect(back.out).toContain(`clock: rolled back ${a.id} by olga`);
  expect(back.out).toContain('the built-in fallback is used again');
  expect((await ola(['capabilities'])).out).toMatch(/rolled back .* \(by olga\): slower than it looked/);

  const killed = await ola(['kill', a.id, '--reason', 'a drill'], OPERATOR);
  expect(killed.code, killed.err).toBe(0);
  expect(killed.out).toMatch(new RegExp(`${a.id} killed by olga .*: 0 run\\(s\\) stopped`));
  expect((await ola(['kill', a.id, '--reason', 'again'], OPERATOR)).err).toContain('OLA_ERR_ALREADY_KILLED');

  const halt = await ola(['halt', '--reason', 'a drill'], OPERATOR);
  expect(halt.out).toMatch(/halt: done \(registry seq \d+\), asked by olga/);
  expect((await ola(['halt', '--reason', 'twice'], OPERATOR)).err).toContain('OLA_ERR_LAB_ACTION_REFUSED');
  const resume = await ola(['resume', '--reason', 'drill over'], OPERATOR);
  expect(resume.out).toMatch(/resume: done/);
  expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
}, 120_000);
