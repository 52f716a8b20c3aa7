// shadow mode and active capabilities in the dashboard (debian's chromium): the report so far
// while artifacts are shadowed (one of them worse on live events, with its mismatches), the
// whole report and its verdict before an approval into active, the active panel, the graph's
// active node and rollback edge, the internal clock, and a rollback from the ui (then a 409).
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRecord } from '../../ola/core/contracts.ts';
import { proposeToActive, proposeToShadowGate, startStandInLadder, until, type StandInLadder } from '../helpers/stand-in-ladder.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';
import type { TestBrowser } from './browser.ts';
import type { DashboardPage } from './dashboard-page.ts';
import { openDashboard } from './open-dashboard.ts';
import { ensureUiBuilt } from './ui-build.ts';

const ALICE = randomBytes(24).toString('base64url');

let t: TestLab;
let ladder: StandInLadder;
let b: TestBrowser;
let page: Page;
let d: DashboardPage;
let good: ArtifactRecord;
let worse: ArtifactRecord;
let second: ArtifactRecord;
let errors: string[];

/** the clock baseline, 25 ms off on live events only (queries 20 ms apart; every scenario below shadow asks every 50 ms) */
function worseOnLiveEvents(t: TestLab): string {
  const base = t.lab.catalog.get('clock')!.baseline.replace('export function estimate(mono)', 'function inner(mono)');
  return `${base}\nlet prev = -Infinity;\nexport function estimate(mono) {\n  const live = mono - prev < 30;\n  prev = mono;\n  return live ? inner(mono) + 25 : inner(mono);\n}\n`;
}

beforeAll(async () => {
  ensureUiBuilt();
  // rounds 3 s apart: the clock needs two rounds of live events, so the report so far is seen
  t = await startTestLab({ auth: { operators: [{ name: 'alice', token: ALICE }] }, shadow: { sandbox: 'isolate', roundGapMs: 3000 } });
  ladder = await startStandInLadder(t);
  good = await proposeToShadowGate(t, ladder);
  worse = await proposeToShadowGate(t, ladder, {}, 4, worseOnLiveEvents(t));
  ({ browser: b, page, d, errors } = await openDashboard(t));
}, 240_000);

afterAll(async () => {
  await b?.close();
  await ladder?.close();
  await t?.close();
});

const card = (a: ArtifactRecord) => page.locator(`[data-testid="decision-queue"] article.decision[data-artifact="${a.id}"]`);
const shadowing = (a: ArtifactRecord) => page.locator(`[data-testid="shadowing"] article[data-artifact="${a.id}"]`);
const clockRow = () => page.locator('[data-testid="active-panel"] tr[data-niche="clock"]');

async function decide(a: ArtifactRecord, action: string, reason: string): Promise<void> {
  await card(a).locator('textarea[name="reason"]').fill(reason);
  await card(a).getByRole('button', { name: action }).click();
  await page.locator(`[data-testid="decided"][data-artifact="${a.id}"]`).waitFor();
}

describe('shadow mode and active capabilities in the stages view (chromium)', () => {
  it('shows the report so far while artifacts are shadowed, mismatches included', async () => {
    await d.open('stages');
    await page.locator('[data-testid="token-field"] input[name="token"]').fill(ALICE);
    await page.getByRole('button', { name: 'use for this session' }).click();
    await page.waitForSelector('[data-testid="decision-queue"][data-waiting="2"]');
    await decide(good, 'approve into shadow', 'the vm evidence holds');
    await decide(worse, 'approve into shadow', 'the vm evidence holds too');

    // after the first round (150 live queries, the clock needs 200) both are still insufficient
    const soFar = shadowing(worse).locator('[data-testid="shadow-report"][data-live="true"]');
    await soFar.waitFor({ timeout: 30_000 });
    await shadowing(good).locator('[data-testid="shadow-report"][data-live="true"]').waitFor({ timeout: 30_000 });
    expect(await soFar.getAttribute('data-verdict')).toBe('insufficient');
    expect(await soFar.innerText()).toContain('so far: shadow mode is still running');
    const rows = Number(await soFar.getByTestId('mismatches').getAttribute('data-rows'));
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(20);
    expect(await soFar.getByTestId('mismatches').innerText()).toMatch(/of \d+ mismatches, sampled uniformly/);
    expect(await soFar.getByTestId('shadow-counts').innerText()).toMatch(/events \d+ · matched \d+ · mismatched [1-9]\d* · ignored \d+/);
    await shadowing(worse).locator('h4').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await d.shot('stages-shadowing');
  }, 90_000);

  it('shows the whole report and its verdict before an approval into active; the worse one fails', async () => {
    const report = card(good).locator('[data-testid="shadow-report"][data-verdict="pass"]');
    await report.waitFor({ timeout: 120_000 });
    const text = await report.innerText();
    expect(text).toContain('shadow verdict: pass');
    expect(await report.getByRole('list', { name: 'verdict reasons' }).locator('li').count()).toBeGreaterThan(0);
    expect(text).toContain('incumbent: the baseline');
    expect(text).toMatch(/abs_error_ms \(lower is better/);
    expect(await report.locator('td[data-side="candidate"]').first().innerText()).toMatch(/^[\d.e+-]+ ms$/);
    expect(await report.getByTestId('shadow-test').innerText()).toMatch(/^p [\d.<\s]+.*cliff's delta [+−]?\d\.\d\d \[[+−]?\d\.\d\d, [+−]?\d\.\d\d\] at 95%, \w+/);
    expect(await report.getByTestId('shadow-counts').innerText()).toMatch(/events [1-9]\d* · matched \d+ · mismatched \d+ · ignored \d+ · crashes: candidate 0, incumbent 0/);
    // the same report the api serves
    const api = (await t.app.inject({ url: `/artifacts/${good.id}/shadow` })).json();
    expect(api.verdict.verdict).toBe('pass');
    expect(await report.getByTestId('shadow-counts').innerText()).toContain(`events ${api.counts.events}`);
    await card(good).locator('textarea[name="reason"]').fill('the shadow report holds');
    await card(good).locator('h4').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await d.shot('stages-shadow-report');

    const failed = await until('the worse one failed', async () => {
      const a = (await t.lab.store.artifact(worse.id))!;
      return a.promotion?.state === 'failed' ? a : undefined;
    });
    expect(failed.promotion).toMatchObject({ stage: 'shadow', why: expect.stringContaining('failed shadow') });
    await page.waitForSelector(`[data-testid="shadowing"][data-count="0"]`);
  }, 150_000);

  it('approves into active: the active panel, the graph and the internal clock show it', async () => {
    await card(good).getByRole('button', { name: 'approve into active' }).click();
    await page.locator(`[data-testid="decided"][data-artifact="${good.id}"]`, { hasText: 'approved into active' }).waitFor();
    await page.waitForSelector(`[data-testid="active-panel"] tr[data-niche="clock"][data-active="${good.id}"]`, { timeout: 20_000 });
    expect(await clockRow().innerText()).toContain('built-in fallback');

    await d.open('resources');
    await page.waitForSelector(`[data-testid="internal-clock"][data-source="active"][data-artifact="${good.id}"]`, { timeout: 20_000 });
    expect(await page.getByTestId('internal-clock').innerText()).toMatch(/error [\d.e+-]+ ms against the host's wall clock/);

    // a second one climbs and is made active: the first is its rollback handle
    second = await proposeToActive(t, ladder, 'alice');
    await page.goto(`${d.base}/#/graph?select=${second.id}`);
    await page.getByRole('combobox', { name: 'graph niche' }).selectOption('clock');
    await page.waitForSelector(`.react-flow__node.gnode-active[data-id="${second.id}"]`, { timeout: 20_000 });
    expect(await page.locator(`.react-flow__node[data-id="${second.id}"]`).innerText()).toMatch(/^in use · /);
    await page.getByTestId('artifact-panel').getByTestId('promotion').waitFor();
    expect(await page.locator('.react-flow__node.gnode-active').count()).toBe(1);
    await page.waitForSelector(`.react-flow__edge.gedge-rollback[data-testid="rf__edge-${second.id}~>${good.id}"]`);
    await d.shot('graph-active');
  }, 150_000);

  it('rolls back from the ui, then shows the 409 of a rollback that raced another', async () => {
    await d.open('stages');
    await page.waitForSelector(`[data-testid="active-panel"] tr[data-niche="clock"][data-active="${second.id}"]`, { timeout: 20_000 });
    expect(await clockRow().innerText()).toContain(good.id);
    await clockRow().getByRole('button', { name: 'roll back' }).click();
    const form = page.locator('[data-testid="rollback-form"][data-niche="clock"]');
    await form.locator('textarea[name="rollback-reason"]').fill('the newer one is no better');
    await form.getByRole('button', { name: 'confirm roll back' }).click();
    await page.locator('[data-testid="rolled-back"][data-niche="clock"]').waitFor();
    const [ev] = await t.lab.store.eventsOf({ types: ['capability_rolled_back'] });
    expect(ev?.payload).toMatchObject({ niche: 'clock', from: second.id, to: good.id, automatic: false, by: 'alice', why: 'the newer one is no better' });
    await page.waitForSelector(`[data-testid="active-panel"] tr[data-niche="clock"][data-active="${good.id}"]`);
    await page.waitForSelector('[data-testid="rollbacks"] li:has-text("manual by alice")');
    expect((await t.lab.store.artifact(second.id))!.promotion).toMatchObject({ state: 'rolled_back' });

    // the operator opens the form on the first; someone else rolls it back meanwhile
    await clockRow().getByRole('button', { name: 'roll back' }).click();
    await form.locator('textarea[name="rollback-reason"]').fill('back to the fallback');
    const other = await t.app.inject({ method: 'POST', url: '/capabilities/clock/rollback', headers: { authorization: `Bearer ${ALICE}` }, payload: { reason: 'done by hand elsewhere', expect: good.id } });
    expect(other.statusCode, other.body).toBe(200);
    await form.getByRole('button', { name: 'confirm roll back' }).click();
    await expect(form.getByRole('alert').innerText()).resolves.toMatch(/^409 OLA_ERR_NOTHING_TO_ROLL_BACK: /);
    expect(await t.lab.store.eventsOf({ types: ['capability_rolled_back'] })).toHaveLength(2);
    await page.waitForSelector('[data-testid="active-panel"] tr[data-niche="clock"][data-active=""]');
    await page.getByTestId('active-panel').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await d.shot('stages-active');
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});
