// the dashboard as a test drives it: open a view, read the terminal, save a screenshot.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..');
export const SHOTS = join(ROOT, 'storage', 'test-results', 'screenshots');
const DOCS_SHOTS = join(ROOT, 'docs', 'screenshots');

export class DashboardPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {
    mkdirSync(SHOTS, { recursive: true });
  }

  async open(view: string): Promise<void> {
    await this.page.goto(`${this.base}/#/${view}`);
    await this.page.waitForSelector(`nav a[data-view="${view}"][aria-current="page"]`);
  }

  /** the event terminal's visible rows */
  rowsText(): Promise<string> {
    return this.page.locator('.xterm-rows').innerText();
  }

  async count(testId: string, attribute: string): Promise<number> {
    return Number(await this.page.getAttribute(`[data-testid="${testId}"]`, attribute));
  }

  /** storage/test-results/screenshots/<name>.png; OLA_DOCS_SCREENSHOTS=1 refreshes docs/screenshots too */
  async shot(name: string): Promise<void> {
    const file = join(SHOTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    if (process.env.OLA_DOCS_SCREENSHOTS === '1') copyFileSync(file, join(DOCS_SHOTS, `${name}.png`));
  }
}
