// the observer dashboard in debian's chromium against a real lab: every view, a proposal through
// the form, the event stream (filters, resume after a drop, 10,000 events within a frame budget).
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockNiche } from '../../ola/niches/clock/index.ts';
import { guiFbNiche } from '../../ola/niches/gui.fb/index.ts';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { DashboardPage } from './dashboard-page.ts';
import { fmtStats, FRAME_RECORDER, frameStats } from './frame-budget.ts';
import { ensureUiBuilt } from './ui-build.ts';

let t: TestLab;
let base: string;
let b: TestBrowser;
let page: Page;
let d: DashboardPage;
const errors: string[] = [];

const open = (view: string) => d.open(view);
const shot = (name: string) => d.shot(name);
const rowsText = () => d.rowsText();

beforeAll(async () => {
  ensureUiBuilt();
  t = await startTestLab({ senses: { enabled: true, intervalMs: 500, recordClock: false } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.lab.senses.start();
  b = await launchBrowser();
  page = await b.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  d = new DashboardPage(page, base);
}, 240_000);

afterAll(async () => {
  await b?.close();
  await t?.close();
});

describe('observer dashboard (chromium)', () => {
  let proposalId = '';
  let artifactId = '';

  it('is served at / with its navigation and the empty graph of a fresh lab', async () => {
    await page.goto(`${base}/`);
    await expect(page.title()).resolves.toContain('organic-os');
    const views = await page.locator('nav a').allInnerTexts();
    expect(views).toEqual(['capability graph', 'event stream', 'proposals', 'resources', 'framebuffer', 'stages', 'evolution', 'benchmarks', 'registry']);
    await page.waitForSelector('[data-testid="health"]:has-text("lab ok")');
    await page.waitForSelector('[data-testid="capability-graph"]');
    await expect(page.getByText('no artifacts yet').isVisible()).resolves.toBe(true);
    expect(await page.locator('.react-flow__node').count()).toBe(t.lab.catalog.list().length);
    await shot('graph-empty');
  });

  it('submits a proposal through the form and shows its lifecycle step by step', async () => {
    await open('proposals');
    await page.waitForSelector('[data-testid="interface-text"]:has-text("export function sync")');
    await page.waitForSelector('.cm-content:has-text("export function sync")');
    // edit: append a comment so the source is the form's own
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// proposed from the dashboard');
    await page.getByRole('button', { name: 'submit proposal' }).click();
    const steps = page.locator('[data-testid="proposal-steps"]');
    await steps.waitFor();
    await page.waitForSelector('[data-testid="proposal-steps"][data-status="gated"]', { timeout: 60_000 });
    proposalId = (await steps.locator('h3 code').innerText()).trim();
    expect(proposalId).toMatch(/^p_[0-9A-Z]{26}$/);
    const p = await t.lab.store.proposal(proposalId);
    expect(p?.status).toBe('gated');
    expect(await t.lab.store.getSource(p!.sourceSha256)).toContain('// proposed from the dashboard');
    artifactId = p!.artifactId!;
    for (const s of ['validated', 'executed', 'scored', 'registered', 'gated']) await steps.locator(`li[data-step="${s}"].step-done`).waitFor();
    await expect(steps.getByTestId('gate-verdict').innerText()).resolves.toContain('gate passed');
    await shot('proposals');
  }, 120_000);

  it('shows why a proposal is rejected', async () => {
    await open('proposals');
    await page.waitForSelector('.cm-content:has-text("export function sync")');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('export const method = "nothing";');
    await page.getByRole('button', { name: 'submit proposal' }).click();
    await page.waitForSelector('[data-testid="proposal-steps"][data-status="rejected"]', { timeout: 30_000 });
    const reasons = await page.locator('ul[aria-label="reasons"]').innerText();
    expect(reasons).toMatch(/sync/);
    await shot('proposal-rejected');
  });

  it('shows the proposal in the event stream, colour-coded, and filters by type', async () => {
    await open('events');
    await page.waitForSelector('[data-testid="stream-events"][data-state="live"]');
    await expect.poll(rowsText, { timeout: 10_000 }).toContain(proposalId.slice(0, 30));
    await shot('events');
    await page.locator('button[data-type="gate_decided"]').click();
    await expect.poll(rowsText, { timeout: 10_000 }).toContain('gate_decided');
    const text = await rowsText();
    expect(text).not.toContain('proposal_received');
    expect(text).toContain('PASS at isolate');
  });

  it('draws the artifact in the capability graph; a click shows its source, scores, gate and tokens', async () => {
    await open('graph');
    const node = page.locator(`.react-flow__node[data-id="${artifactId}"]`);
    await node.waitFor({ timeout: 10_000 });
    await node.click();
    const panel = page.locator(`[data-testid="artifact-panel"][data-artifact="${artifactId}"]`);
    await panel.waitFor();
    await panel.getByText('gate at isolate: passed').waitFor();
    // codemirror renders the lines in view: the source's first lines
    await panel.locator('.cm-content:has-text("export const method")').waitFor();
    await expect(panel.locator('table[aria-label="tokens"] tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(panel.getByRole('table', { name: 'held-out scenarios' }).isVisible()).resolves.toBe(true);
    await shot('graph');
  });

  it('grows the graph live when an artifact is registered, with its lineage edge', async () => {
    await open('graph');
    await page.locator(`.react-flow__node[data-id="${artifactId}"]`).waitFor();
    const res = await t.app.inject({
      method: 'POST',
      url: '/proposals',
      payload: { niche: 'clock', source: `${clockNiche.baseline}\n// a child`, language: 'js', parents: [artifactId], proposer: 'e2e-child' },
    });
    const child = (await t.lab.engine.settled(res.json<{ id: string }>().id)).artifactId!;
    // no reload: the view follows the registry's events
    await page.locator(`.react-flow__node[data-id="${child}"]`).waitFor({ timeout: 15_000 });
    await page.locator(`.react-flow__edge[data-id="${artifactId}->${child}"]`).waitFor({ state: 'attached' });
  });

  it('is keyboard reachable: tab to a view and open it with enter', async () => {
    await page.goto(`${base}/#/graph`);
    await page.waitForSelector('nav a[data-view="graph"][aria-current="page"]');
    let focused = '';
    for (let i = 0; i < 12 && focused !== 'event stream'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate('document.activeElement ? document.activeElement.textContent : ""');
    }
    expect(focused).toBe('event stream');
    await page.keyboard.press('Enter');
    await page.waitForSelector('nav a[data-view="events"][aria-current="page"]');
    // in the graph, the artifact list opens what a click on a node does
    await open('graph');
    await page.locator('select[aria-label="open an artifact"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('[data-testid="artifact-panel"]');
  });

  it('charts the senses stream', async () => {
    await open('resources');
    await expect.poll(async () => Number(await page.getAttribute('[data-testid="sense-samples"]', 'data-count')), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.recharts-line').count()).toBeGreaterThanOrEqual(4);
    // the lab over time: the proposals so far, by outcome
    await expect.poll(async () => Number(await page.getAttribute('[data-testid="activity-charts"]', 'data-minutes')), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await shot('resources');
  });

  it('starts an evolution run from the form and watches its curve grow', async () => {
    await open('evolution');
    await page.getByText('no evolution runs in this lab process').waitFor();
    await page.locator('form[aria-label="start an evolution run"] input[name="evaluations"]').fill('400');
    await page.locator('form[aria-label="start an evolution run"] input[name="seed"]').fill('5');
    await page.getByRole('button', { name: 'start evolution' }).click();
    await page.waitForSelector('[data-testid="run-status"]');
    // watch the chart while the run goes (400 evaluations last several of its polls): it must show more generations over time
    const seen: number[] = [];
    for (const end = Date.now() + 120_000; Date.now() < end; ) {
      const n = Number((await page.getAttribute('[data-testid="fitness-chart"]', 'data-generations').catch(() => null)) ?? 0);
      if (n !== seen.at(-1)) seen.push(n);
      const server = t.lab.ola.list()[0];
      if (server?.state !== 'running' && n === server?.generations.length) break;
      await page.waitForTimeout(100);
    }
    const run = t.lab.ola.list()[0]!;
    expect(run.state).toBe('done');
    // the chart ends with every generation of the run, and showed fewer on the way
    expect(seen.at(-1)).toBe(run.generations.length);
    expect(seen.filter((n) => n > 0 && n < run.generations.length).length).toBeGreaterThan(0);
    expect(Number(await page.getAttribute('[data-testid="archive-heatmap"]', 'data-cells'))).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="best-lineage"]');
    await expect(page.locator('.recharts-reference-line').count()).resolves.toBe(1);
    await shot('evolution');
  }, 150_000);

  it('plays the framebuffer of the best gui.fb artifact over the websocket', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/proposals', payload: { niche: 'gui.fb', source: guiFbNiche.baseline, language: 'js' } });
    await t.lab.engine.settled(res.json<{ id: string }>().id);
    await open('framebuffer');
    await page.waitForSelector('[data-testid="fb-status"][data-state="live"]', { timeout: 90_000 });
    const frames = async () => Number(await page.getAttribute('[data-testid="fb-status"]', 'data-frames'));
    const before = await frames();
    const pixels = () => page.evaluate(`document.querySelector('[data-testid="fb-canvas"]').toDataURL().length`);
    const a = await pixels();
    await page.waitForTimeout(1000);
    // frames keep arriving (20 fps sent; a loaded headless browser may draw fewer) and change
    expect((await frames()) - before).toBeGreaterThanOrEqual(10);
    await expect.poll(pixels, { timeout: 5_000 }).not.toBe(a);
    await expect(page.getAttribute('[data-testid="fb-source"]', 'data-source')).resolves.toBe('fallback');
    // the viewer's pointer drives it: the lab keeps the path, draws at it and predicts it
    const box = (await page.locator('[data-testid="fb-canvas"]').boundingBox())!;
    for (let k = 0; k < 90; k++) {
      const a = (2 * Math.PI * k) / 60;
      await page.mouse.move(box.x + box.width * (0.5 + 0.3 * Math.cos(a)), box.y + box.height * (0.5 + 0.3 * Math.sin(a)));
      await page.waitForTimeout(16);
    }
    await page.waitForSelector('[data-testid="fb-predicted"][data-source="fallback"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="fb-source"][data-mode="live"][data-path="pointer"]', { timeout: 10_000 });
    expect(t.lab.traces.pointerPath().x.length).toBeGreaterThan(30);
    await shot('framebuffer');
  }, 150_000);

  it('verifies the registry from the registry view and counts events by type', async () => {
    await open('registry');
    await page.waitForSelector('[data-testid="public-key"]:has-text("BEGIN PUBLIC KEY")');
    await page.getByRole('button', { name: 'verify the registry' }).click();
    await page.waitForSelector('[data-testid="verify-result"][data-ok="true"]', { timeout: 30_000 });
    await expect(page.locator('[data-testid="verify-result"]').innerText()).resolves.toMatch(/registry ok: \d+ events verified/);
    expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(3);
    // the export link downloads the signed jsonl with the key the page shows
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('download the signed export (jsonl)').click()]);
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!) as { publicKey: string; head: number };
    expect(header.publicKey).toBe(await page.locator('[data-testid="public-key"]').innerText());
    expect(lines.length).toBe(header.head + 1);
    await shot('registry');
  });

  it('shows the stage ladder and the promotion queue', async () => {
    await open('stages');
    await page.waitForSelector('[data-testid="stages-table"] tr[data-stage="isolate"][data-available="true"]');
    await page.waitForSelector('[data-testid="promotion-queue"]');
    await shot('stages');
  });

  it('holds every niche\'s capability and the evolution run\'s artifacts in the graph, lineage and all', async () => {
    // the other niches' baselines: a capability for each
    const others = t.lab.catalog.list().filter((n) => n.id !== 'clock' && n.id !== 'gui.fb');
    const ids = await Promise.all(others.map(async (n) => (await t.lab.engine.submit({ niche: n.id, source: n.baseline, language: 'js' })).id));
    await Promise.all(ids.map((id) => t.lab.engine.settled(id)));
    await open('graph');
    for (const n of t.lab.catalog.list()) await page.locator(`.react-flow__node[data-id="cap:${n.id}:isolate"]`).waitFor({ state: 'attached', timeout: 15_000 });
    const run = t.lab.ola.list()[0]!;
    const best = run.summary!.best!.id;
    await page.locator(`.react-flow__node[data-id="${best}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('.react-flow__edge.gedge-lineage').count()).toBeGreaterThan(10);
    await shot('graph-grown');
  }, 120_000);

  it('runs the quick day-1 benchmark from the benchmarks view and shows its results and plots', async () => {
    await open('bench');
    await page.getByText('no benchmark runs yet').waitFor();
    await page.getByRole('button', { name: 'run the day-1 benchmark' }).click();
    await page.waitForSelector('[data-testid="bench-progress"]');
    await page.waitForSelector('[data-testid="bench-result"]', { timeout: 150_000 });
    const run = t.lab.bench.list()[0]!;
    expect(run).toMatchObject({ state: 'done', quick: true });
    // every part's table, and a chart per plot
    for (const part of run.result!.parts) await page.getByRole('region', { name: part.title }).waitFor();
    const plots = run.result!.parts.reduce((n, p) => n + p.plots.length, 0);
    expect(await page.locator('.bench-result figure.chart').count()).toBeGreaterThanOrEqual(plots);
    await shot('bench');
  }, 180_000);

  it('resumes the event stream after a drop, with no gap and no duplicate', async () => {
    await open('events');
    await page.waitForSelector('[data-testid="stream-events"][data-state="live"]');
    // the server drops every stream, and the way back stays shut while events arrive
    await page.route('**/events', (r) => r.abort());
    for (const s of [...t.app.sseStreams]) s.close();
    for (let i = 0; i < 20; i++) await t.lab.store.append({ type: 'internal_clock_inferred', subject: `resume-${i}`, payload: { niche: 'clock', i } });
    await page.waitForSelector('[data-testid="stream-events"][data-state="reconnecting"]', { timeout: 10_000 });
    await page.locator('button[data-type="gate_decided"]').waitFor();
    await expect(page.locator('[data-testid="stream-events"]').innerText()).resolves.toContain('stream dropped, resuming');
    await shot('events-dropped');
    await page.unrouteAll();
    const head = await t.lab.store.headSeq();
    await expect.poll(() => d.count('event-count', 'data-count'), { timeout: 15_000 }).toBe(head);
    await page.waitForSelector('[data-testid="stream-events"][data-state="live"]');
  });

  it('says so when the lab is unreachable', async () => {
    await page.route('**/healthz', (r) => r.abort());
    await page.route('**/capabilities*', (r) => r.abort());
    await open('graph');
    await page.getByText('the lab is unreachable').waitFor();
    await page.waitForSelector('[data-testid="health"]:has-text("lab unreachable")', { timeout: 10_000 });
    await shot('unreachable');
    await page.unrouteAll();
  });

  it('stays responsive with 10,000 events in the stream (frame budget)', async () => {
    const n = 10_000;
    for (let i = 0; i < n; i++) await t.lab.store.append({ type: 'internal_clock_inferred', subject: `a_load${i}`, payload: { niche: 'clock', i, max_abs_error_ms: i % 17 } });
    const head = await t.lab.store.headSeq();
    // frame times are recorded from the page's first script, so the replay of every event is in view
    await page.addInitScript({ content: FRAME_RECORDER });
    await page.goto('about:blank');
    const t0 = Date.now();
    await open('events');
    await expect.poll(async () => Number(await page.getAttribute('[data-testid="event-count"]', 'data-count')), { timeout: 60_000, interval: 100 }).toBe(head);
    const loadMs = Date.now() - t0;
    const load = await frameStats(page);
    // a filter change rewrites the terminal from 10,000 events
    const f0 = Date.now();
    await page.locator('button[data-type="internal_clock_inferred"]').click();
    await page.selectOption('select[aria-label="filter by niche"]', 'clock');
    await expect.poll(rowsText, { timeout: 10_000 }).toContain('internal_clock_inferred');
    const filterMs = Date.now() - f0;
    await page.waitForTimeout(300);
    const filter = await frameStats(page);
    // and live events keep arriving while it shows them
    for (let i = 0; i < 2000; i++) await t.lab.store.append({ type: 'internal_clock_inferred', subject: `a_live${i}`, payload: { niche: 'clock', i } });
    await expect.poll(async () => Number(await page.getAttribute('[data-testid="event-count"]', 'data-count')), { timeout: 30_000, interval: 100 }).toBe(head + 2000);
    await page.waitForTimeout(300);
    const live = await frameStats(page);
    console.log(`frame budget: ${head} events replayed in ${loadMs} ms (${fmtStats(load)}); filter in ${filterMs} ms (${fmtStats(filter)}); 2000 live (${fmtStats(live)})`);
    await shot('events-10k');
    // generous margins over 60 fps (16.7 ms a frame): ci shares two cores with everything else
    for (const s of [load, filter, live]) {
      expect(s.median).toBeLessThan(100);
      expect(s.p95).toBeLessThan(500);
      expect(s.worst).toBeLessThan(1500);
    }
    expect(loadMs).toBeLessThan(30_000);
  }, 150_000);

  // last: it breaks the lab's registry on purpose
  it('names the first bad sequence number when the registry is tampered with', async () => {
    const db = new Database(join(t.dir, 'registry', 'registry.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    const row = db.prepare("SELECT seq FROM events WHERE type = 'proposal_received' ORDER BY seq LIMIT 1").get() as { seq: number };
    db.prepare("UPDATE events SET body = replace(body, '\"proposer\":\"dashboard', '\"proposer\":\"mallory') WHERE seq = ?").run(row.seq);
    db.close();
    await open('registry');
    await page.getByRole('button', { name: 'verify the registry' }).click();
    await page.waitForSelector('[data-testid="verify-result"][data-ok="false"]', { timeout: 30_000 });
    await expect(page.locator('[data-testid="verify-result"]').innerText()).resolves.toContain(`registry TAMPERED at seq ${row.seq}`);
    await shot('registry-tampered');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
