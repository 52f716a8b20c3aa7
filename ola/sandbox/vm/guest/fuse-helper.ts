// the guest's fuse helper (vm/fuse/ola-fuse.c): started as root before the agent drops its
// privileges, mounted at /ola/mnt for the whole boot (the snapshot keeps it empty). its codec
// calls arrive as frames on its stdout and are answered on its stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export const MNT = '/ola/mnt';

export interface CodecRequest {
  op: 'compress' | 'decompress';
  where: string;
  bytes: Uint8Array;
}

let helper: ChildProcess | undefined;
let buf: Buffer = Buffer.alloc(0);
let serve: ((r: CodecRequest) => Uint8Array | null) | undefined;

export async function startFuse(): Promise<void> {
  mkdirSync(MNT, { recursive: true });
  const p = spawn('/ola/ola-fuse', [MNT, '-f', '-s', '-o', 'allow_other'], { stdio: ['pipe', 'pipe', 'inherit'] });
  helper = p;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fuse helper did not mount within 60 s')), 60_000);
    p.once('exit', (code) => reject(new Error(`the fuse helper exited (${code})`)));
    p.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      if (chunk[0] !== 0x52) return reject(new Error('the fuse helper said something other than ready'));
      buf = chunk.subarray(1);
      p.stdout!.on('data', onData);
      resolve();
    });
  });
}

function onData(chunk: Buffer): void {
  buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
  for (;;) {
    if (buf.length < 7) return;
    const len = buf.readUInt32LE(1), wl = buf.readUInt16LE(5);
    if (buf.length < 7 + wl + len) return;
    const op = buf[0] === 0x63 ? 'compress' : 'decompress';
    const where = buf.subarray(7, 7 + wl).toString('utf8');
    const bytes = new Uint8Array(buf.subarray(7 + wl, 7 + wl + len));
    buf = buf.subarray(7 + wl + len);
    let out: Uint8Array | null = null;
    try {
      out = serve ? serve({ op, where, bytes }) : null;
    } catch {
      out = null;
    }
    const head = Buffer.alloc(5);
    head[0] = out ? 0 : 1;
    head.writeUInt32LE(out ? out.length : 0, 1);
    helper!.stdin!.write(out ? Buffer.concat([head, out]) : head);
  }
}

/** who answers the helper's codec calls (one run at a time); undefined refuses them */
export function serveCodec(f: ((r: CodecRequest) => Uint8Array | null) | undefined): void {
  serve = f;
}
