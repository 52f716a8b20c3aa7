import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INPUT_EVENT_SIZE, encodeInputEvent, parseInputEvents } from './input-event.ts';
import { InputMirror } from './input-mirror.ts';
import { RingBuffer } from './ring-buffer.ts';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'ola-input-'));
  temps.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

async function until<T>(probe: () => T | undefined, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('input event parser', () => {
  it('decodes little-endian x86_64 struct input_event and keeps a trailing partial', () => {
    const key = encodeInputEvent({ sec: 1_700_000_000, usec: 250_500, type: 1, code: 30, value: 1 });
    const rel = encodeInputEvent({ sec: 1_700_000_000, usec: 251_000, type: 2, code: 0, value: -7 });
    const buf = concat([key, rel, key.subarray(0, 10)]);
    const { events, rest } = parseInputEvents(buf, 'event3');
    expect(events).toEqual([
      { t: 1_700_000_000_250.5, type: 1, code: 30, value: 1, device: 'event3' },
      { t: 1_700_000_000_251, type: 2, code: 0, value: -7, device: 'event3' },
    ]);
    expect(rest.byteLength).toBe(10);
    expect(key.byteLength).toBe(INPUT_EVENT_SIZE);
  });

  it('reads fields at their byte offsets', () => {
    const buf = new Uint8Array(INPUT_EVENT_SIZE);
    const v = new DataView(buf.buffer);
    v.setBigInt64(0, 2n, true);
    v.setBigInt64(8, 3000n, true);
    v.setUint16(16, 0x11, true);
    v.setUint16(18, 0x0102, true);
    v.setInt32(20, -1, true);
    expect(parseInputEvents(buf, 'x').events[0]).toEqual({ t: 2003, type: 0x11, code: 0x0102, value: -1, device: 'x' });
  });
});

describe('ring buffer', () => {
  it('keeps the newest items, oldest first, and counts everything pushed', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.total).toBe(5);
    expect(r.size).toBe(3);
  });
});

describe('input mirror', () => {
  it('reports plainly when there are no event devices', async () => {
    const dir = await tempDir();
    const m = new InputMirror(dir);
    await m.start();
    expect(m.status()).toEqual({ available: false, reason: `no ${dir}/event* devices` });
    await m.stop();
  });

  it('reports an absent device folder the same way', async () => {
    const dir = join(await tempDir(), 'input');
    const m = new InputMirror(dir);
    await m.start();
    expect(m.status()).toEqual({ available: false, reason: `no ${dir}/event* devices` });
  });

  it('reports devices that cannot be opened', async () => {
    const dir = await tempDir();
    await symlink(join(dir, 'gone'), join(dir, 'event0'));
    const m = new InputMirror(dir);
    await m.start();
    const s = m.status();
    expect(s.available).toBe(false);
    expect(!s.available && s.reason).toMatch(/^cannot open any .*event\* device: .*ENOENT/);
  });

  it('mirrors events from a device file into a bounded ring', async () => {
    const dir = await tempDir();
    const events = Array.from({ length: 10 }, (_, i) => encodeInputEvent({ sec: 100, usec: i * 1000, type: 1, code: 30 + i, value: 1 }));
    await writeFile(join(dir, 'event0'), concat(events));
    await writeFile(join(dir, 'mice'), 'not an evdev node');
    const m = new InputMirror(dir, 4, 5);
    await m.start();
    try {
      const s = await until(() => {
        const st = m.status();
        return st.available && st.total === 10 ? st : undefined;
      });
      expect(s.devices).toEqual(['event0']);
      expect(s.capacity).toBe(4);
      expect(s.events.map((e) => e.code)).toEqual([36, 37, 38, 39]);
      expect(s.events[0]).toEqual({ t: 100_006, type: 1, code: 36, value: 1, device: 'event0' });
    } finally {
      await m.stop();
    }
    expect(m.status().available).toBe(false);
  });
});
