// usb.probe through the real pipeline: validator, isolate runner, host scorer, gate.
import { afterAll, describe, expect, it } from 'vitest';
import { firstFailure, nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { usbProbeNiche as niche } from './index.ts';

const h = nicheHarness(niche);
afterAll(() => h.close());

/** the baseline with one line of it changed */
const variant = (from: string, to: string) => {
  expect(niche.baseline).toContain(from);
  return niche.baseline.replace(from, to);
};

describe('usb.probe niche', () => {
  it('passes its baseline with every device, field, interface and endpoint right, public and held-out', async () => {
    const e = await h.evaluate(niche.baseline);
    expect(e.decision.reasons).toEqual([]);
    expect(e.decision.pass).toBe(true);
    for (const s of [e.score, e.heldOut]) {
      expect(s.crashes).toBe(0);
      expect(s.metrics).toMatchObject({ probe_accuracy: 1, exact_rate: 1, device_recall: 1, device_precision: 1, field_accuracy: 1, interface_accuracy: 1, endpoint_accuracy: 1 });
      expect(s.metrics.cpu_ms_p50).toBeLessThan(niche.limits.cpuMs);
    }
    expect(e.score.labels.method).toBe('sysfs-walk');
    expect(niche.telemetry(e.score, 'a_TEST')).toMatchObject({ artifact_id: 'a_TEST', probe_accuracy: 1, exact_rate: 1, method: 'sysfs-walk' });
  });

  it('fails a probe that trims strings (serials with spaces at an end) on field accuracy, not as a crash', async () => {
    const trims = variant("return t.endsWith('\\n') ? t.slice(0, -1) : t;", 'return t.trim();');
    const e = await h.evaluate(trims);
    expect(e.score.crashes).toBe(0);
    const all = [...e.score.scenarios, ...e.heldOut.scenarios];
    expect(all.some((s) => s.metrics.field_accuracy! < 1)).toBe(true);
    expect(all.every((s) => s.metrics.device_recall === 1 && s.metrics.interface_accuracy === 1)).toBe(true);
  });

  it('fails a probe that skips root hubs on recall, and one that reads ids as decimal on fields', async () => {
    const noHubs = await h.evaluate(variant("filter((n) => !n.includes(':'))", "filter((n) => !n.includes(':') && !n.startsWith('usb'))"));
    expect(noHubs.decision.pass).toBe(false);
    expect(noHubs.decision.reasons.join('\n')).toMatch(/device_recall 0\.\d+ not >= 1/);
    const decimal = await h.evaluate(variant("const hex = (sys, path) => parseInt(text(sys, path) ?? '', 16);", "const hex = (sys, path) => parseInt(text(sys, path) ?? '', 10) || 0;"));
    expect(decimal.score.crashes).toBe(0);
    expect(decimal.decision.pass).toBe(false);
    expect(decimal.decision.reasons.join('\n')).toMatch(/field_accuracy/);
  });

  it('fails a probe that makes up a device on precision', async () => {
    const e = await h.evaluate(variant('export function probe(sys) {', "export function probe(sys) {\n  if (sys.list('').length > 0) return [...probe2(sys), { ...probe2(sys)[0], path: '9-9' }];\n  return [];\n}\nfunction probe2(sys) {"));
    expect(e.score.crashes).toBe(0);
    expect(e.score.metrics.device_precision).toBeLessThan(1);
    expect(e.decision.reasons.join('\n')).toMatch(/device_precision/);
  });

  it('fails hostile results with the reason: a getter that throws, a huge list, wrong types, no list at all', async () => {
    const getter = await h.evaluate(`export function probe() { const d = {}; Object.defineProperty(d, 'path', { get() { throw new Error('no path for you'); } }); return [d]; }`);
    expect(getter.decision.pass).toBe(false);
    expect(firstFailure(getter)).toMatch(/no path for you/);
    const huge = await h.evaluate('export function probe() { return new Array(1e6).fill(0); }');
    expect(firstFailure(huge)).toMatch(/the device list has 1000000 entries \(at most 64\)/);
    const types = await h.evaluate(variant('    vendorId: hex', '    vendorId: String(0) + hex'));
    expect(types.score.crashes).toBe(types.score.runs);
    expect(firstFailure(types)).toMatch(/devices\[0\]\.vendorId is string, not an integer in 0\.\.65535/);
    const promise = await h.evaluate('export async function probe(sys) { return []; }');
    expect(firstFailure(promise)).toMatch(/probe returned object, not an array of devices/);
  });
});
