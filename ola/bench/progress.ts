// a bench's progress on stderr: a bar on a terminal; piped or logged, a line when a measure
// starts, at most every few seconds while it moves, and when it ends (cli-progress alone
// prints nothing off a terminal, so such runs were silent for minutes).
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** how much is done; payload fills the `{name}` fields of the detail */
  update(value: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export interface ProgressOptions {
  /** after the count, with `{name}` fields from the payload, e.g. ' | best {best}' */
  detail?: string;
  /** on a terminal, remove the bar when done (the result is printed elsewhere) */
  clear?: boolean;
  /** stderr unless a test says otherwise */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** the least time between two lines off a terminal */
  everyMs?: number;
}

const LABEL_WIDTH = 30;

export function progress(label: string, total: number, o: ProgressOptions = {}): Progress {
  const stream = o.stream ?? process.stderr;
  const detail = o.detail ?? '';
  if (stream.isTTY === true) return terminalBar(label, total, detail, o.clear === true, stream);
  return lines(label, total, detail, stream, o.everyMs ?? 5000);
}

function terminalBar(label: string, total: number, detail: string, clear: boolean, stream: NodeJS.WritableStream): Progress {
  const format = `${label.padEnd(LABEL_WIDTH)} [{bar}] {value}/{total} {duration_formatted}${detail}`;
  const bar = new SingleBar({ format, stream, hideCursor: true, clearOnComplete: clear }, Presets.shades_classic);
  const blanks = Object.fromEntries([...detail.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, '-']));
  bar.start(total, 0, blanks);
  return { update: (value, payload) => bar.update(value, payload), stop: () => bar.stop() };
}

function lines(label: string, total: number, detail: string, stream: NodeJS.WritableStream, everyMs: number): Progress {
  const t0 = performance.now();
  let last = t0, value = 0, fields: Record<string, string | number> = {}, stopped = false;
  const write = (): void => {
    const s = ((performance.now() - t0) / 1000).toFixed(0);
    const d = detail.replace(/\{(\w+)\}/g, (_, k: string) => String(fields[k] ?? '-'));
    stream.write(`${label.padEnd(LABEL_WIDTH)} ${value}/${total} ${s} s${d}\n`);
  };
  write();
  return {
    update(v, payload) {
      value = v;
      if (payload) fields = { ...fields, ...payload };
      const now = performance.now();
      if (now - last >= everyMs) {
        last = now;
        write();
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      write();
    },
  };
}
