// the operator's gates in the dashboard (debian's chromium): artifacts waiting at shadow with
// their vm evidence in view, the operator token entered once per browser session, approve and
// reject with a reason, and what each decision left in the registry.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRecord } from '../../ola/core/contracts.ts';
import { proposeToShadowGate, STAND_IN, startStandInLadder, type StandInLadder } from '../helpers/stand-in-ladder.ts';
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
let first: ArtifactRecord;
let second: ArtifactRecord;
let errors: string[];

beforeAll(async () => {
  ensureUiBuilt();
  t = await startTestLab({ auth: { operators: [{ name: 'alice', token: ALICE }] } });
  ladder = await startStandInLadder(t);
  first = await proposeToShadowGate(t, ladder);
  second = await proposeToShadowGate(t, ladder);
  ({ browser: b, page, d, errors } = await openDashboard(t));
}, 240_000);

afterAll(async () => {
  await b?.close();
  await ladder?.close();
  await t?.close();
});

const card = (a: ArtifactRecord) => page.locator(`article.decision[data-artifact="${a.id}"]`);

async function decide(a: ArtifactRecord, action: 'approve into shadow' | 'reject', reason: string): Promise<void> {
  await card(a).locator('textarea[name="reason"]').fill(reason);
  await card(a).getByRole('button', { name: action }).click();
}

describe('approvals in the stages view (chromium)', () => {
  it('lists the artifacts waiting for an operator with their vm evidence, and asks for a token first', async () => {
    await d.open('stages');
    await page.waitForSelector('[data-testid="decision-queue"][data-waiting="2"]');
    for (const a of [first, second]) {
      const evidence = card(a).getByTestId('evidence');
      await expect(evidence.getAttribute('data-stage')).resolves.toBe('vm');
      await expect(evidence.getAttribute('data-status')).resolves.toBe('passed');
      const text = await evidence.innerText();
      expect(text).toContain(STAND_IN);
      expect(text).toMatch(/held-out\s+[\d.]+/);
      expect(text).toMatch(/fuzzed \(\d+ seeds drawn at random\)/);
      expect(text).toContain('gate passed');
    }
    await card(first).locator('textarea[name="reason"]').fill('the vm evidence holds');
    await d.shot('stages-waiting');
    await expect(card(first).getByRole('button', { name: 'approve into shadow' }).isDisabled()).resolves.toBe(true);
    await expect(card(first).getByText('enter an operator token above to decide').isVisible()).resolves.toBe(true);
  });

  it('shows the refusal of a token the lab does not know, and records nothing', async () => {
    await page.locator('[data-testid="token-field"] input[name="token"]').fill('not-a-token-this-lab-knows');
    await page.getByRole('button', { name: 'use for this session' }).click();
    await page.waitForSelector('[data-testid="token-field"][data-set="true"]');
    await decide(first, 'approve into shadow', 'the vm evidence holds');
    await expect(card(first).getByRole('alert').innerText()).resolves.toContain('OLA_ERR_UNAUTHENTICATED');
    expect(await t.lab.store.eventsOf({ types: ['promotion_approved', 'promotion_rejected'] })).toEqual([]);
    await page.getByRole('button', { name: 'forget it' }).click();
    await page.waitForSelector('[data-testid="token-field"][data-set="false"]');
  });

  it('keeps the operator token for the browser session only, never in local storage or the url', async () => {
    await page.locator('[data-testid="token-field"] input[name="token"]').fill(ALICE);
    await page.getByRole('button', { name: 'use for this session' }).click();
    await page.reload();
    await page.waitForSelector('[data-testid="token-field"][data-set="true"]');
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(ALICE);
    expect(page.url()).not.toContain(ALICE);
    expect(await page.content()).not.toContain(ALICE);
  });

  it('approves one into shadow and rejects the other, each with its reason', async () => {
    await page.waitForSelector('[data-testid="decision-queue"][data-waiting="2"]');
    await decide(first, 'approve into shadow', 'the vm evidence holds');
    const approved = page.locator(`[data-testid="decided"][data-artifact="${first.id}"]`);
    await approved.waitFor();
    expect(await approved.innerText()).toMatch(/approved into shadow by alice \(registry seq \d+\); now queued: approved into shadow by alice: the vm evidence holds/);
    await decide(second, 'reject', 'not better than the incumbent');
    await page.locator(`[data-testid="decided"][data-artifact="${second.id}"]`).waitFor();
    await page.waitForSelector('[data-testid="decision-queue"][data-waiting="0"]');

    await ladder.engine.idle();
    const a = (await t.lab.store.artifact(first.id))!;
    expect(a.decisions?.shadow).toMatchObject({ verdict: 'approved', operator: 'alice', reason: 'the vm evidence holds', evidence: { stage: 'vm', status: 'passed' } });
    // shadow mode takes it up (tests/e2e/shadow-active.test.ts follows it further)
    expect(a.promotion).toMatchObject({ state: 'running', stage: 'shadow' });
    const r = (await t.lab.store.artifact(second.id))!;
    expect(r.promotion).toMatchObject({ state: 'rejected', why: 'rejected at shadow by alice: not better than the incumbent' });

    // the promotion queue tells both stories once it refreshes
    await page.waitForSelector(`[data-testid="promotion-queue"] [data-testid="decision"]:has-text("rejected at shadow by alice")`);
    await page.waitForSelector(`[data-testid="promotion-queue"] [data-testid="decision"]:has-text("approved into shadow by alice")`);
    await d.shot('stages-approvals');
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});
