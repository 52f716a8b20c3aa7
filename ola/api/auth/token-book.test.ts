import * as crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenBook } from './token-book.ts';

// every comparison goes through node's constant-time compare: count the calls
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});
const compared = vi.mocked(crypto.timingSafeEqual);

const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdefXYZ';
const SAM = 'sam-token-0123456789abcdef';

const book = new TokenBook({
  operator: [
    { name: 'alice', token: ALICE },
    { name: 'bob', token: BOB },
  ],
  submitter: [{ name: 'sam', token: SAM }],
});

// a block body: vitest runs a function returned from beforeEach as its teardown
beforeEach(() => {
  compared.mockClear();
});

describe('the token book', () => {
  it('names the holder of a token and its role', () => {
    expect(book.identify(ALICE)).toEqual({ name: 'alice', role: 'operator' });
    expect(book.identify(SAM)).toEqual({ name: 'sam', role: 'submitter' });
    expect(book.has('operator') && book.has('submitter')).toBe(true);
    expect(new TokenBook({ operator: [], submitter: [] }).has('operator')).toBe(false);
  });

  it.each([
    ['a prefix', ALICE.slice(0, -1)],
    ['one character more', `${ALICE}f`],
    ['the last character changed', `${ALICE.slice(0, -1)}g`],
    ['another case', ALICE.toUpperCase()],
    ['the empty string', ''],
    ['a very long string', 'a'.repeat(100_000)],
    ['non-ascii', 'álice-token-0123456789abcdef'],
  ])('knows no %s of a token', (_what, token) => {
    expect(book.identify(token)).toBeUndefined();
  });

  it('compares a fixed-length digest with every entry in constant time, whatever the token and wherever it matches', () => {
    for (const token of [ALICE, BOB, SAM, 'x', 'a'.repeat(5000), ALICE.slice(0, -1)]) {
      compared.mockClear();
      book.identify(token);
      // no early exit on a match, and no compare of unequal lengths (which would throw, or leak length)
      expect(compared).toHaveBeenCalledTimes(3);
      for (const [a, b] of compared.mock.calls) {
        expect((a as Buffer).length).toBe(32);
        expect((b as Buffer).length).toBe(32);
      }
    }
  });

  it('finds a token pasted anywhere in a text, and nothing in a text without one', () => {
    expect(book.mentionedIn(`approved; my token is ${BOB}.`)).toBe(true);
    expect(book.mentionedIn(`x${SAM}x`)).toBe(true);
    expect(book.mentionedIn(ALICE)).toBe(true);
    expect(book.mentionedIn(`the vm evidence looks fine ${ALICE.slice(0, 10)}`)).toBe(false);
    expect(book.mentionedIn('')).toBe(false);
  });
});
