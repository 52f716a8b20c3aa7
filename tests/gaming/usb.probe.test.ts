// usb.probe cheats: the public scenarios' device lists memorised and handed back by a key read
// from the tree (its listing and serials), without probing. held-out scenarios plug other
// devices, with other serials, and kinds the public set never shows.
import { afterAll, describe, expect, it } from 'vitest';
import usb from '../../ola/niches/usb.probe/index.ts';
import type { UsbScenario } from '../../ola/niches/usb.probe/scenarios.ts';
import type { SysfsTree } from '../../ola/niches/usb.probe/sysfs-tree.ts';
import { nicheHarness } from '../helpers/niche-harness.ts';
import { failsOnHeldOutOnly, gateRefuses } from './cheat.ts';

const h = nicheHarness(usb);
afterAll(() => h.close());

/** what the cheat reads to recognise a tree: the top listing and every serial in it */
function keyOf(files: SysfsTree): string {
  const top = [...new Set(Object.keys(files).map((p) => p.split('/')[0]!))].sort();
  return top.map((d) => `${d}=${files[`${d}/serial`] ?? ''}`).join(',');
}

describe('usb.probe cheats fail the gate', () => {
  it('device lists memorised from the public scenarios fail on held-out ones', async () => {
    // the answers a proposer could collect: the baseline's lists on the public set, which pass
    const base = await h.evaluate(usb.baseline);
    const pub = h.catalog.scenarios('usb.probe').public as UsbScenario[];
    const table = pub.map((s) => {
      const run = base.runs.find((r) => r.scenarioId === s.id)!;
      return `[${JSON.stringify(keyOf(s.input.sysfs))}, ${JSON.stringify((run.output as { devices: unknown[] }).devices)}]`;
    });
    const source = `const TABLE = new Map([${table.join(',\n')}]);
      export function probe(sys) {
        const key = sys.list('').map((d) => d + '=' + (sys.read(d + '/serial') ?? '')).join(',');
        return TABLE.get(key) ?? [];
      }`;
    const e = await h.evaluate(source);
    expect(e.score.metrics.probe_accuracy).toBe(base.score.metrics.probe_accuracy);
    failsOnHeldOutOnly(e);
    gateRefuses(e, /held-out: device_recall \S+ not >= 1/);
  });
});
