// node 24.19+ compiles an environment cleanup hook into every node::ObjectWrap; when
// v8 collects one outside a context the process aborts (nodejs/node#65446). the
// project pins node 24.18.1 (docs/adr/0003-node-24-18.md); this proves addons
// survive mass garbage collection of wrapped objects.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// statements of closed databases, collected later: aborted on node 24.21 every time
const churn = `
const Database = require('better-sqlite3');
const ivm = require('isolated-vm');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const dir = mkdtempSync(join(require('node:os').tmpdir(), 'ola-gc-'));
let rows = 0;
for (let r = 0; r < 40; r++) {
  const db = new Database(join(dir, 'db' + r + '.sqlite'));
  db.pragma('synchronous = OFF');
  db.exec('CREATE TABLE t (a INTEGER, b TEXT)');
  const stmts = Array.from({ length: 10 }, () => db.prepare('INSERT INTO t (a, b) VALUES (?, ?)'));
  for (let i = 0; i < 2000; i++) rows += stmts[i % 10].run(i, JSON.stringify({ i, pad: 'x'.repeat(200) })).changes;
  db.close();
}
for (let i = 0; i < 100; i++) { const iso = new ivm.Isolate({ memoryLimit: 16 }); iso.createContextSync(); iso.dispose(); }
rmSync(dir, { recursive: true, force: true });
console.log('survived', rows);
`;

describe('native addons on the pinned node', () => {
  it('survive garbage collection of statements of closed databases', () => {
    const r = spawnSync(process.execPath, ['--no-node-snapshot', '-e', churn], { cwd: process.cwd(), encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/Assertion failed/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('survived 80000');
  });

  it('runs on node 24 older than 24.19', () => {
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(major).toBe(24);
    expect(minor).toBeLessThan(19);
  });
});
