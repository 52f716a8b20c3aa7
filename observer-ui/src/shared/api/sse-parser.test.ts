import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.ts';

describe('SseParser', () => {
  it('parses frames split anywhere, with any event name, comments and multi-line data', () => {
    const text = 'retry: 2000\n\n: keep-alive\n\nid: 1\nevent: gate_decided\ndata: {"a":1}\n\nid: 2\r\nevent: x\r\ndata: one\r\ndata: two\r\n\r\ndata:bare\n\n';
    for (const cut of [1, 3, 7, 50]) {
      const p = new SseParser();
      const out = [];
      for (let i = 0; i < text.length; i += cut) out.push(...p.push(text.slice(i, i + cut)));
      expect(out).toEqual([
        { id: '1', event: 'gate_decided', data: '{"a":1}' },
        { id: '2', event: 'x', data: 'one\ntwo' },
        { id: undefined, event: 'message', data: 'bare' },
      ]);
    }
  });

  it('keeps an unfinished frame until its blank line', () => {
    const p = new SseParser();
    expect(p.push('id: 5\ndata: x\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ id: '5', event: 'message', data: 'x' }]);
  });
});
