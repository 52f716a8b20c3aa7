import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from './frames.ts';

describe('stdio frames', () => {
  it('carries messages whole across any chunking, typed arrays included', () => {
    const msgs = [{ kind: 1 }, { kind: 2, id: 7, job: { bytes: new Uint8Array([1, 2, 3]), big: 'x'.repeat(70_000), when: new Map([['a', 1]]) } }, { kind: 4, id: 7 }];
    const stream = Buffer.concat(msgs.map(encodeFrame));
    for (const step of [1, 3, 4096, stream.length]) {
      const d = new FrameDecoder();
      const out: unknown[] = [];
      for (let at = 0; at < stream.length; at += step) out.push(...d.push(stream.subarray(at, at + step)));
      expect(out).toEqual(msgs);
      expect((out[1] as { job: { bytes: unknown } }).job.bytes).toBeInstanceOf(Uint8Array);
    }
  });

  it('refuses a frame past its bound instead of buffering it', () => {
    const d = new FrameDecoder(1024);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(1 << 30, 0);
    expect(() => d.push(head)).toThrow(/exceeds 1024/);
  });
});
