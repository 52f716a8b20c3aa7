// follows a server-sent-events url over fetch: reconnects with last-event-id after a drop and
// drops any message at or below the last numeric id seen, so a resume has no duplicates.
import { SseParser, type SseMessage } from './sse-parser.ts';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface FollowOptions {
  /** resume after this id (numeric ids only) */
  after?: number;
  onMessage(m: SseMessage): void;
  onState?(state: StreamState, detail?: string): void;
  retryMs?: number;
}

export function followSse(url: string, opts: FollowOptions): () => void {
  const ac = new AbortController();
  let last = opts.after;
  const retryMs = opts.retryMs ?? 1500;

  const once = async (): Promise<void> => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (last !== undefined) headers['last-event-id'] = String(last);
    const res = await fetch(url, { headers, signal: ac.signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw new Error(`http ${res.status}`);
    opts.onState?.('live');
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const m of parser.push(decoder.decode(value, { stream: true }))) {
        const seq = m.id === undefined ? NaN : Number(m.id);
        if (Number.isInteger(seq)) {
          if (last !== undefined && seq <= last) continue;
          last = seq;
        }
        opts.onMessage(m);
      }
    }
  };

  void (async () => {
    opts.onState?.('connecting');
    while (!ac.signal.aborted) {
      let why = 'the stream ended';
      try {
        await once();
      } catch (err) {
        if (ac.signal.aborted) break;
        why = err instanceof Error ? err.message : String(err);
      }
      if (ac.signal.aborted) break;
      opts.onState?.('reconnecting', why);
      await new Promise((r) => setTimeout(r, retryMs));
    }
    opts.onState?.('closed');
  })();

  return () => ac.abort();
}
