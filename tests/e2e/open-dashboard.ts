// a test lab's api on a loopback port and a fresh chromium page on its dashboard, with the
// page's uncaught errors collected (a test ends by expecting none).
import type { Page } from 'playwright-core';
import type { TestLab } from '../helpers/test-lab.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { DashboardPage } from './dashboard-page.ts';

export interface OpenDashboard {
  browser: TestBrowser;
  page: Page;
  d: DashboardPage;
  errors: string[];
}

export async function openDashboard(t: TestLab): Promise<OpenDashboard> {
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { browser, page, d: new DashboardPage(page, base), errors };
}
