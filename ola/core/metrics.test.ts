// the lab's metrics: niche figures from telemetry events, the verify gauges, the head, and
// node's process metrics without the gauges named _total.
import { describe, expect, it } from 'vitest';
import type { RegistryStore, StoredEvent } from './contracts.ts';
import { LabMetrics } from './metrics.ts';

function fakeStore() {
  let listener: (e: StoredEvent) => void = () => undefined;
  const store = {
    countByStage: async () => ({ isolate: 3 }),
    headSeq: async () => 42,
    subscribe(l: (e: StoredEvent) => void) {
      listener = l;
      return () => undefined;
    },
  } as Pick<RegistryStore, 'countByStage' | 'headSeq' | 'subscribe'>;
  const emit = (type: StoredEvent['type'], payload: Record<string, unknown>) => listener({ type, payload, subject: 'a', seq: 1, ts: '', prev: '', hash: '', sig: '' });
  return { store: store as RegistryStore, emit };
}

describe('LabMetrics', () => {
  it('turns gui.fb and input.predictor telemetry into histograms in base units, skipping missing figures', async () => {
    const { store, emit } = fakeStore();
    const m = new LabMetrics(store);
    emit('gui_construct', { latency_ms: 33.4 });
    emit('gui_construct', { latency_ms: null });
    emit('input_prediction', { pos_error_px: 12 });
    const text = await m.registry.metrics();
    expect(text).toMatch(/^ola_gui_cursor_latency_seconds_count 1$/m);
    expect(text).toMatch(/^ola_gui_cursor_latency_seconds_sum 0\.0334$/m);
    expect(text).toMatch(/^ola_gui_cursor_latency_seconds_bucket\{le="0\.034"\} 1$/m);
    expect(text).toMatch(/^ola_input_prediction_error_pixels_sum 12$/m);
    expect(text).toMatch(/^ola_registry_events_total\{type="gui_construct"\} 2$/m);
  });

  it('exports a verify result only once one ran, and the registry head', async () => {
    const { store } = fakeStore();
    const m = new LabMetrics(store);
    expect(await m.registry.metrics()).not.toMatch(/^ola_registry_verify_ok\{/m);
    m.verified({ ok: false, events: 5, firstBadSeq: 3, problem: 'x', ms: 1 }, true);
    const text = await m.registry.metrics();
    expect(text).toMatch(/^ola_registry_verify_ok\{mode="full"\} 0$/m);
    expect(text).toMatch(/^ola_registry_verify_timestamp_seconds\{mode="full"\} \d+/m);
    expect(text).toMatch(/^ola_registry_head_seq 42$/m);
  });

  it("keeps node's process metrics under their usual names, without gauges named _total", async () => {
    const { store } = fakeStore();
    const m = new LabMetrics(store, { defaults: true });
    const types = new Map([...(await m.registry.metrics()).matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((x) => [x[1]!, x[2]!]));
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(types.get('nodejs_active_handles')).toBe('gauge');
    expect([...types.keys()].filter((n) => n.startsWith('ola_process_'))).toEqual([]);
    expect([...types].filter(([n, t]) => n.endsWith('_total') && t !== 'counter')).toEqual([]);
  });
});
