// the enum protocol's messages over a byte stream (stdin/stdout of a container, where node's
// ipc channel cannot reach): each frame is a 4-byte big-endian length then v8.serialize of
// the message, the same structured clone node's 'advanced' ipc uses, so typed arrays survive.
import { deserialize, serialize } from 'node:v8';

/** a frame larger than this is refused: the stream is broken or hostile */
export const MAX_FRAME_BYTES = 64 * (1 << 20);

export function encodeFrame(message: unknown): Buffer {
  const body = serialize(message);
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** collects chunks and yields whole messages; throws on a frame past the bound */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  /** bytes needed before the next frame can be read (chunks are joined only then) */
  private need = 4;

  constructor(private readonly maxBytes = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < this.need) return [];
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const out: unknown[] = [];
    let at = 0;
    this.need = 4;
    while (buf.length - at >= 4) {
      const len = buf.readUInt32BE(at);
      if (len > this.maxBytes) throw new Error(`frame of ${len} bytes exceeds ${this.maxBytes}`);
      if (buf.length - at - 4 < len) {
        this.need = 4 + len;
        break;
      }
      out.push(deserialize(buf.subarray(at + 4, at + 4 + len)));
      at += 4 + len;
    }
    const rest = buf.subarray(at);
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
    return out;
  }
}
