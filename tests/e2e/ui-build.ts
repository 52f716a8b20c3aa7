// builds observer-ui/dist when it is missing or older than its sources (the same steps as npm run build:ui).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const UI_DIR = join(import.meta.dirname, '..', '..', 'observer-ui');
const ROOT = join(UI_DIR, '..');

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

export function uiIsStale(): boolean {
  const index = join(UI_DIR, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(newest(join(UI_DIR, 'src')), ...['index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => newest(join(UI_DIR, f))));
  return sources > statSync(index).mtimeMs;
}

export function ensureUiBuilt(): void {
  if (!uiIsStale()) return;
  const run = (bin: string, args: string[]) => execFileSync(process.execPath, [join(ROOT, 'node_modules', bin), ...args], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  run('vite/bin/vite.js', ['build', 'observer-ui', '--logLevel', 'warn']);
}
