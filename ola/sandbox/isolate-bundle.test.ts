import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolateHostLauncher } from './child-pool.ts';
import { hostBundleText, isolateHostFile } from './isolate-bundle.ts';
import { Msg } from './protocol.ts';

const dir = join(mkdtempSync(join(tmpdir(), 'ola-bundle-')), 'sandbox');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled isolate host', () => {
  it('is kept by content hash in a folder only its owner writes', () => {
    const path = isolateHostFile(dir);
    const code = readFileSync(path, 'utf8');
    expect(code).toBe(hostBundleText());
    expect(basename(path)).toBe(`isolate-host-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`);
    expect(statSync(dir).mode & 0o022).toBe(0);
  });

  it('replaces a file that is not what this process built', () => {
    const path = isolateHostFile(dir);
    writeFileSync(path, 'process.exit(3);\n');
    expect(isolateHostFile(dir)).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(hostBundleText());
  });

  it('starts without the typescript loader and says ready', async () => {
    const child = isolateHostLauncher(dir)();
    try {
      const msg = await new Promise((resolve, reject) => {
        child.proc.once('message', resolve);
        child.proc.once('exit', (code) => reject(new Error(`host exited ${code}`)));
      });
      expect(msg).toEqual({ kind: Msg.Ready });
      const args = readFileSync(`/proc/${child.proc.pid}/cmdline`, 'utf8').split('\0');
      expect(args.some((a) => a.endsWith('.cjs'))).toBe(true);
      expect(args.join(' ')).not.toMatch(/tsx/);
    } finally {
      child.kill();
    }
  });
});
