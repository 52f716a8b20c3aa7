// guests' folders left by a lab that died (a state drive of 350 MB each) are removed; a live lab's,
// and a folder still being made, are not.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sweepStaleGuests } from './machine.ts';

const base = mkdtempSync(join(tmpdir(), 'ola-sweep-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function guest(name: string, owner?: number, ageMs = 0): string {
  const dir = join(base, `ola-vm-${name}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'state.qcow2'), 'x');
  if (owner !== undefined) writeFileSync(join(dir, 'owner.pid'), String(owner));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(dir, t, t);
  return dir;
}

describe('stale guest folders', () => {
  it('removes those whose lab is gone, and keeps a live lab\'s and a new unowned one', () => {
    // a pid that was a process and is no more
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const gone = guest('gone', dead);
    const mine = guest('mine', process.pid);
    const making = guest('making');
    const old = guest('old', undefined, 2 * 24 * 3600_000);
    const other = join(base, 'something-else');
    mkdirSync(other);
    expect(sweepStaleGuests(base).sort()).toEqual([gone, old].sort());
    expect([gone, mine, making, old, other].map(existsSync)).toEqual([false, true, true, false, true]);
  });
});
