// the first module run inside a container: node's ipc channel cannot cross into one, so this
// makes stdin/stdout carry the enum protocol as frames (frames.ts) and gives the isolate host
// the process.send / 'message' / 'disconnect' it expects, then loads the host unchanged.
// usage: node entry.mjs <host.mjs>
import { encodeFrame, FrameDecoder } from './frames.ts';

const hostPath = process.argv[2];
if (!hostPath) throw new Error('usage: entry.mjs <host.mjs>');

// stdout carries frames only: anything else the host would print goes to stderr
const toStderr = (...args: unknown[]): void => void process.stderr.write(`${args.map(String).join(' ')}\n`);
console.log = console.info = console.debug = toStderr;

process.send = (message: unknown, ...rest: unknown[]): boolean => {
  const done = rest.find((x): x is (err: Error | null) => void => typeof x === 'function');
  process.stdout.write(encodeFrame(message), (err) => done?.(err ?? null));
  return true;
};

const decoder = new FrameDecoder();
process.stdin.on('data', (chunk: Buffer) => {
  let messages: unknown[];
  try {
    messages = decoder.push(chunk);
  } catch {
    process.exit(70);
  }
  for (const m of messages) process.emit('message', m, undefined);
});
// the parent went away or closed our input: the host leaves as it does on disconnect
process.stdin.on('end', () => process.emit('disconnect'));
process.stdin.on('error', () => process.emit('disconnect'));

await import(hostPath);
