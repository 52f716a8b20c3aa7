// readable contrast: every text colour of the theme against every background it is drawn on
// meets wcag aa for normal text (4.5:1).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, 'app.css'), 'utf8');
const vars = Object.fromEntries([...css.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('theme contrast', () => {
  it('computes wcag ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  for (const fg of ['text', 'muted', 'accent', 'pass', 'fail', 'warn']) {
    for (const bg of ['bg', 'panel']) {
      it(`--${fg} on --${bg} is at least 4.5:1`, () => {
        expect(vars[fg] && vars[bg]).toBeTruthy();
        expect(contrast(vars[fg]!, vars[bg]!)).toBeGreaterThanOrEqual(4.5);
      });
    }
  }
});
