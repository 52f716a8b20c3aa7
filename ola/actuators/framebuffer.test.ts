import { describe, expect, it } from 'vitest';
import { createFramebuffer, decodePng, downsample, encodePng, isFramebuffer, type Framebuffer } from './framebuffer.ts';

/** a frame with gradients, a hard edge and varied alpha: every byte position matters */
function knownFrame(width: number, height: number): Framebuffer {
  const fb = createFramebuffer(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      fb.rgba[i] = (x * 7) & 255;
      fb.rgba[i + 1] = (y * 13) & 255;
      fb.rgba[i + 2] = x < width / 2 ? 0 : 255;
      fb.rgba[i + 3] = 255 - ((x + y) & 127);
    }
  }
  return fb;
}

describe('framebuffer png', () => {
  it('encodes a known frame to a png that decodes back to the same pixels', () => {
    const fb = knownFrame(64, 48);
    const png = encodePng(fb);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const back = decodePng(png);
    expect(back.width).toBe(64);
    expect(back.height).toBe(48);
    expect(Buffer.compare(Buffer.from(back.rgba), Buffer.from(fb.rgba))).toBe(0);
  });

  it('round-trips a full 640x480 frame', () => {
    const fb = knownFrame(640, 480);
    const back = decodePng(encodePng(fb));
    expect(isFramebuffer(back)).toBe(true);
    expect(Buffer.compare(Buffer.from(back.rgba), Buffer.from(fb.rgba))).toBe(0);
  });

  it('refuses to encode something that is not a frame', () => {
    expect(() => encodePng({ width: 4, height: 4, rgba: new Uint8Array(10) })).toThrow(/not a framebuffer/);
  });
});

describe('framebuffer checks', () => {
  it('accepts only frames whose sizes agree', () => {
    expect(isFramebuffer(createFramebuffer(3, 2))).toBe(true);
    expect(isFramebuffer({ width: 3, height: 2, rgba: new Uint8Array(23) })).toBe(false);
    expect(isFramebuffer({ width: 3, height: 2, rgba: new Uint8ClampedArray(24) })).toBe(false);
    expect(isFramebuffer({ width: 1.5, height: 2, rgba: new Uint8Array(12) })).toBe(false);
    expect(isFramebuffer({ width: 0, height: 0, rgba: new Uint8Array(0) })).toBe(false);
    expect(isFramebuffer(null)).toBe(false);
    expect(isFramebuffer('frame')).toBe(false);
  });

  it('refuses absurd sizes', () => {
    expect(() => createFramebuffer(0, 10)).toThrow(RangeError);
    expect(() => createFramebuffer(100_000, 10)).toThrow(RangeError);
    expect(() => createFramebuffer(NaN, 10)).toThrow(RangeError);
  });
});

describe('downsample', () => {
  it('box-averages with rounding and drops edge pixels that do not fill a box', () => {
    const fb = createFramebuffer(5, 2);
    // box (0,0)-(1,1): red 0, 1, 2, 4 -> mean 1.75 -> 2; box (2,0)-(3,1): red 10 each
    const red = [0, 1, 10, 10, 99, 2, 4, 10, 10, 99];
    red.forEach((v, p) => {
      fb.rgba[p * 4] = v;
      fb.rgba[p * 4 + 3] = 255;
    });
    const small = downsample(fb, 2);
    expect(small.width).toBe(2);
    expect(small.height).toBe(1);
    expect([...small.rgba]).toEqual([2, 0, 0, 255, 10, 0, 0, 255]);
  });

  it('is the identity at factor 1 and rejects bad factors', () => {
    const fb = knownFrame(8, 6);
    expect([...downsample(fb, 1).rgba]).toEqual([...fb.rgba]);
    expect(() => downsample(fb, 0)).toThrow(RangeError);
    expect(() => downsample(fb, 1.5)).toThrow(RangeError);
    expect(() => downsample(fb, 7)).toThrow(/larger than/);
  });

  it('keeps a flat colour flat', () => {
    const fb = createFramebuffer(640, 480);
    for (let i = 0; i < fb.rgba.length; i += 4) fb.rgba.set([18, 20, 28, 255], i);
    const small = downsample(fb, 4);
    expect(small.width * small.height).toBe(160 * 120);
    expect(small.rgba.every((v, i) => v === [18, 20, 28, 255][i % 4])).toBe(true);
  });
});
