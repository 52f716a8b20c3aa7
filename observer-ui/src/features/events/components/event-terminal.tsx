// the event log in an xterm: new lines are written once per animation frame; a filter change
// rewrites the terminal from the log's tail.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { formatEvent } from '../lib/event-format.ts';
import type { EventFilter, EventLog } from '../lib/event-log.ts';

const SCROLLBACK = 10_000;
const LINES_PER_FRAME = 500;

export function EventTerminal({ log, filter, onShown }: { log: EventLog; filter: EventFilter; onShown?: (n: number) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const shownRef = useRef(onShown);
  shownRef.current = onShown;

  useEffect(() => {
    const t = new Terminal({
      scrollback: SCROLLBACK,
      convertEol: true,
      disableStdin: true,
      fontSize: 13,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace',
      theme: { background: '#0b0f14', foreground: '#d8dee9' },
    });
    const fit = new FitAddon();
    t.loadAddon(fit);
    t.open(host.current!);
    fit.fit();
    const ro = new ResizeObserver(() => fit.fit());
    ro.observe(host.current!);
    term.current = t;
    return () => {
      ro.disconnect();
      t.dispose();
      term.current = null;
    };
  }, []);

  useEffect(() => {
    const t = term.current;
    if (!t) return;
    let shown = 0;
    let pending: string[] = [];
    let frame = 0;
    // at most a slice of lines a frame, so a replay or a filter change never blocks the page
    const flush = () => {
      frame = 0;
      const lines = pending.length > LINES_PER_FRAME ? pending.splice(0, LINES_PER_FRAME) : pending.splice(0);
      if (lines.length) t.write(lines.join('\n') + '\n');
      shown += lines.length;
      shownRef.current?.(shown);
      if (pending.length) frame = requestAnimationFrame(flush);
    };
    const queue = (lines: string[]) => {
      pending.push(...lines);
      frame ||= requestAnimationFrame(flush);
    };
    t.reset();
    queue(log.tail(filter, SCROLLBACK).map((e) => formatEvent(e, log.niche(e), t.cols)));
    const unsubscribe = log.subscribe((batch) => queue(batch.filter((e) => log.matches(e, filter)).map((e) => formatEvent(e, log.niche(e), t.cols))));
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [log, filter]);

  return <div className="terminal" ref={host} data-testid="event-terminal" aria-label="event stream" role="log" />;
}
