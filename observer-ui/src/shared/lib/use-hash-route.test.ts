import { describe, expect, it } from 'vitest';
import { hrefTo, parseHash } from './use-hash-route.ts';

describe('hash routes', () => {
  it('reads the view and its query, and writes links that read back', () => {
    expect(parseHash('')).toMatchObject({ view: '' });
    const r = parseHash('#/graph?select=a_1&x=2');
    expect(r.view).toBe('graph');
    expect(r.params.get('select')).toBe('a_1');
    const back = parseHash(hrefTo('evolution', { run: 'r_9' }));
    expect(back.view).toBe('evolution');
    expect(back.params.get('run')).toBe('r_9');
  });
});
