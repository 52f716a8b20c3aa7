// the host side of the virtual framebuffer actuator: a frame is plain rgba bytes,
// encoded to png for serving and decoded back for tests.
import { PNG } from 'pngjs';

export interface Framebuffer {
  width: number;
  height: number;
  /** width * height * 4 bytes, row-major, r g b a */
  rgba: Uint8Array;
}

/** frames larger than this are not frames but a mistake (8k x 8k) */
const MAX_SIDE = 8192;

export function createFramebuffer(width: number, height: number): Framebuffer {
  if (!validSize(width, height)) throw new RangeError(`bad framebuffer size ${width}x${height}`);
  return { width, height, rgba: new Uint8Array(width * height * 4) };
}

function validSize(width: unknown, height: unknown): boolean {
  return (
    typeof width === 'number' && typeof height === 'number' && Number.isInteger(width) && Number.isInteger(height) &&
    width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE
  );
}

/** a frame from untrusted data: the sizes must agree, or it is not a frame */
export function isFramebuffer(x: unknown): x is Framebuffer {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Framebuffer;
  return validSize(f.width, f.height) && f.rgba instanceof Uint8Array && f.rgba.length === f.width * f.height * 4;
}

export function encodePng(fb: Framebuffer): Buffer {
  if (!isFramebuffer(fb)) throw new TypeError('not a framebuffer');
  const png = new PNG({ width: fb.width, height: fb.height });
  png.data.set(fb.rgba);
  // filter 0 and a fast deflate: frames are served live, not archived
  return PNG.sync.write(png, { colorType: 6, filterType: 0, deflateLevel: 3 });
}

export function decodePng(buf: Buffer): Framebuffer {
  const png = PNG.sync.read(buf);
  return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
}

/** box-average downsampling by an integer factor; edge pixels that do not fill a box are dropped */
export function downsample(fb: Framebuffer, factor: number): Framebuffer {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`bad downsample factor ${factor}`);
  const w = Math.floor(fb.width / factor);
  const h = Math.floor(fb.height / factor);
  if (w === 0 || h === 0) throw new RangeError(`factor ${factor} is larger than the ${fb.width}x${fb.height} frame`);
  const out = createFramebuffer(w, h);
  const n = factor * factor;
  const src = fb.rgba;
  for (let ty = 0; ty < h; ty++) {
    for (let tx = 0; tx < w; tx++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((ty * factor + dy) * fb.width + tx * factor) * 4;
        for (let dx = 0; dx < factor; dx++, i += 4) {
          r += src[i]!;
          g += src[i + 1]!;
          b += src[i + 2]!;
          a += src[i + 3]!;
        }
      }
      // rounded integer mean, the same rule the gui.fb driver uses for its thumbnails
      const o = (ty * w + tx) * 4;
      out.rgba[o] = Math.floor((r + (n >> 1)) / n);
      out.rgba[o + 1] = Math.floor((g + (n >> 1)) / n);
      out.rgba[o + 2] = Math.floor((b + (n >> 1)) / n);
      out.rgba[o + 3] = Math.floor((a + (n >> 1)) / n);
    }
  }
  return out;
}
