// the decay review and retiring in the dashboard (debian's chromium): an active clock capability
// with no findings (the lab reads its clock 4 times a second, so it is never unused), then
// outperformed by a newer artifact that passed shadow against it: "review now" brings the finding
// in with its rival. a retire without a reason is never sent, one under a token the lab does not
// know shows its 401 and records nothing, and one with the operator's token and a reason puts the
// built-in fallback back, as the registry says; the panel and the graph follow.
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
let active: ArtifactRecord;
let rival: ArtifactRecord;
let errors: string[];
const retirePosts: string[] = [];

beforeAll(async () => {
  ensureUiBuilt();
  // the review runs only when asked (the period is the default 10 min): "review now" is what brings news in
  t = await startTestLab({ auth: { operators: [{ name: 'alice', token: ALICE }] }, shadow: { sandbox: 'isolate', roundGapMs: 50 } });
  ladder = await startStandInLadder(t);
  active = await proposeToActive(t, ladder, 'alice');
  ({ browser: b, page, d, errors } = await openDashboard(t));
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/retire')) retirePosts.push(r.url());
  });
}, 240_000);

afterAll(async () => {
  await b?.close();
  await ladder?.close();
  await t?.close();
});

const findings = () => page.locator('[data-testid="active-panel"] [data-testid="decay-findings"][data-niche="clock"]');
const clockRow = () => page.locator('[data-testid="active-panel"] tr[data-niche="clock"]');
const form = () => page.locator('[data-testid="retire-form"][data-niche="clock"]');

async function useToken(token: string): Promise<void> {
  const field = page.getByTestId('token-field');
  if ((await field.getAttribute('data-set')) === 'true') await field.getByRole('button', { name: 'forget it' }).click();
  await page.locator('[data-testid="token-field"] input[name="token"]').fill(token);
  await page.getByRole('button', { name: 'use for this session' }).click();
  await page.waitForSelector('[data-testid="token-field"][data-set="true"]');
}

describe('the decay review and retiring in the stages view (chromium)', () => {
  it('shows the review of the active capability: its uses, and no findings', async () => {
    await d.open('stages');
    await page.waitForSelector(`[data-testid="active-panel"] tr[data-niche="clock"][data-active="${active.id}"]`, { timeout: 20_000 });
    await findings().waitFor();
    expect(await findings().getAttribute('data-findings')).toBe('');
    expect(await findings().innerText()).toMatch(/^decay review: \d+ uses? seen, the last at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · no findings$/);
    // the other niches have nothing active: no findings row; the review's time is shown
    expect(await page.locator('[data-testid="decay-findings"]').count()).toBe(1);
    expect(await page.getByTestId('decay-review').innerText()).toMatch(/decay review: reviewed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \((just now|\d+ s ago)\)/);
  }, 60_000);

  it('"review now" brings in a newer artifact that passed shadow against it, with its rival', async () => {
    const before = await page.getByTestId('decay-review').getAttribute('data-at');
    rival = await proposeToShadowGate(t, ladder);
    await t.lab.approvals.decide({ artifactId: rival.id, verdict: 'approved', operator: 'alice', reason: 'vm evidence reviewed', stage: 'shadow' });
    await until(`${rival.id} through shadow`, async () => {
      const now = (await t.lab.store.artifact(rival.id))!;
      if (now.promotion?.state === 'failed') throw new Error(`${rival.id} failed: ${now.promotion.why}`);
      return now.promotion?.state === 'needs_approval' && now.promotion.stage === 'active' ? true : undefined;
    });
    // the latest review is still the old one until someone asks
    expect(await findings().getAttribute('data-findings')).toBe('');
    await page.getByRole('button', { name: 'review now' }).click();
    await page.waitForSelector('[data-testid="decay-findings"][data-niche="clock"][data-findings~="outperformed"]');
    expect(await page.getByTestId('decay-review').getAttribute('data-at')).not.toBe(before);
    const finding = findings().locator('[data-testid="finding"][data-kind="outperformed"]');
    expect(await finding.locator('p').innerText()).toContain(`outperformed: ${rival.id} passed its shadow stage against it`);
    const row = finding.locator(`[data-testid="rivals"] tr[data-artifact="${rival.id}"]`);
    expect(await row.locator('a').first().getAttribute('href')).toBe(`#/graph?select=${rival.id}`);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[1]).toMatch(/^pass, (better|no worse)$/);
    expect(cells[2]).toBe('this one');
    expect(cells[5]).toMatch(/^[\d.e+-]+$/);
    expect(cells[8]).toBe('needs_approval');
    expect(await finding.getByTestId('rivals').locator('caption').innerText()).toContain('mean abs_error_ms, lower is better');
    // the same review the api answers
    const api = (await t.app.inject({ url: '/capabilities/review' })).json();
    expect(api.findings.map((f: { kind: string }) => f.kind)).toContain('outperformed');
    await findings().evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await d.shot('stages-decay');
  }, 240_000);

  it('sends no retire without a reason, shows the 401 of an unknown token, then retires to the fallback', async () => {
    await clockRow().getByRole('button', { name: 'retire', exact: true }).click();
    await form().waitFor();
    expect(await form().innerText()).toContain(`retire clock's`);
    expect(await form().innerText()).toContain('the built-in fallback is used again');
    // no token yet, then a token but no reason: the button stays disabled, and a forced submit sends nothing
    const confirm = form().getByRole('button', { name: 'confirm retire' });
    expect(await confirm.isDisabled()).toBe(true);
    await useToken(ALICE);
    await form().locator('textarea[name="retire-reason"]').fill('   ');
    expect(await confirm.isDisabled()).toBe(true);
    await form().evaluate((f) => (f as unknown as { requestSubmit(): void }).requestSubmit());
    await page.waitForTimeout(300);
    expect(retirePosts).toEqual([]);

    // a token the lab does not know: its 401, and nothing recorded
    await useToken(randomBytes(24).toString('base64url'));
    await form().locator('textarea[name="retire-reason"]').fill('outperformed in shadow, and unused');
    await confirm.click();
    await expect(form().getByRole('alert').innerText()).resolves.toMatch(/^401 OLA_ERR_UNAUTHENTICATED: /);
    expect(await t.lab.store.eventsOf({ types: ['capability_rolled_back'] })).toHaveLength(0);

    await useToken(ALICE);
    await confirm.click();
    const outcome = page.locator('[data-testid="retired"][data-niche="clock"]');
    await outcome.waitFor();
    expect(retirePosts).toHaveLength(2);
    const [ev] = await t.lab.store.eventsOf({ types: ['capability_rolled_back'] });
    expect(ev?.payload).toMatchObject({ niche: 'clock', from: active.id, to: null, retired: true, automatic: false, by: 'alice', why: 'outperformed in shadow, and unused' });
    expect(await outcome.innerText()).toBe(`retired clock's ${active.id} by alice (registry seq ${ev!.seq}): the built-in fallback is used again`);
    expect(await t.lab.capabilities.active('clock')).toBeUndefined();
    expect((await t.lab.store.artifact(active.id))!.promotion).toMatchObject({ state: 'rolled_back' });

    // the panel follows: the fallback, the retirement among the rollbacks, and the review about it
    await page.waitForSelector('[data-testid="active-panel"] tr[data-niche="clock"][data-active=""]');
    await page.waitForSelector('[data-testid="rollbacks"] li:has-text("retired by alice")');
    await page.waitForSelector('[data-testid="decay-findings"][data-niche="clock"]', { state: 'detached' });
    expect(await page.getByTestId('decay-review').getAttribute('data-findings')).toBe('0');

    // and the graph: nothing of the clock is marked in use
    await d.open('graph');
    await page.getByRole('combobox', { name: 'graph niche' }).selectOption('clock');
    await page.waitForSelector(`.react-flow__node[data-id="${active.id}"]`, { timeout: 20_000 });
    expect(await page.locator('.react-flow__node.gnode-active').count()).toBe(0);
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});
