// the dashboard is typescript strict: its three projects (app, tests, build config) typecheck.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UI_DIR } from './ui-build.ts';

const TSC = join(UI_DIR, '..', 'node_modules', 'typescript', 'bin', 'tsc');

describe('observer-ui typecheck', () => {
  for (const project of ['tsconfig.json', 'tsconfig.test.json', 'tsconfig.node.json']) {
    it(`tsc -p observer-ui/${project}`, () => {
      let out = '';
      try {
        execFileSync(process.execPath, [TSC, '--noEmit', '-p', join(UI_DIR, project)], { stdio: 'pipe', timeout: 120_000 });
      } catch (err) {
        out = String((err as { stdout?: Buffer }).stdout ?? err);
      }
      expect(out).toBe('');
    });
  }
});
