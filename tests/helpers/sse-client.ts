// reads server-sent events from a url until a predicate is met (or a timeout).
export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

export async function readSse(
  url: string,
  until: (frames: SseFrame[]) => boolean,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<SseFrame[]> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs ?? 10_000);
  const frames: SseFrame[] = [];
  try {
    const res = await fetch(url, { headers: opts.headers, signal: ac.signal });
    if (!res.ok || !res.body) throw new Error(`sse ${url}: http ${res.status}`);
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body) {
      buf += decoder.decode(chunk as Uint8Array, { stream: true });
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const f: SseFrame = { data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) f.id = line.slice(4);
          else if (line.startsWith('event: ')) f.event = line.slice(7);
          else if (line.startsWith('data: ')) f.data += line.slice(6);
        }
        if (f.data) frames.push(f);
      }
      if (until(frames)) break;
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return frames;
}
