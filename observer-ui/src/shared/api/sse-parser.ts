// an incremental server-sent-events parser (any event name, unlike EventSource listeners).
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

export class SseParser {
  private buf = '';
  private id: string | undefined;
  private event = '';
  private data: string[] = [];

  /** feeds a chunk; returns the messages it completed */
  push(chunk: string): SseMessage[] {
    // one pass with a cursor: slicing the rest of a large chunk per line would be quadratic
    const buf = this.buf + chunk;
    const out: SseMessage[] = [];
    let pos = 0;
    // the next \r is looked up again only once passed (most streams have none)
    let cr = buf.indexOf('\r');
    for (;;) {
      const lf = buf.indexOf('\n', pos);
      if (cr >= 0 && cr < pos) cr = buf.indexOf('\r', pos);
      const nl = cr < 0 ? lf : lf < 0 ? cr : Math.min(lf, cr);
      if (nl < 0) break;
      // a lone \r at the end may be half of \r\n: wait for more
      if (nl === cr && nl === buf.length - 1) break;
      const line = buf.slice(pos, nl);
      pos = nl + (nl === cr && buf[nl + 1] === '\n' ? 2 : 1);
      this.line(line, out);
    }
    this.buf = buf.slice(pos);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length) out.push({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.id = undefined;
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'id') this.id = value;
    else if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}
