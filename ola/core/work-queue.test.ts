import { expect, it } from 'vitest';
import { WorkQueue } from './work-queue.ts';

it('works in order, never more than its concurrency at once, and says when it is idle', async () => {
  let now = 0;
  let most = 0;
  const done: number[] = [];
  const q = new WorkQueue<number>(2, async (n) => {
    most = Math.max(most, ++now);
    try {
      await new Promise((r) => setTimeout(r, 5));
      if (n === 3) throw new Error('a failing item does not stop the queue');
      done.push(n);
    } finally {
      now--;
    }
  });
  for (let i = 0; i < 6; i++) q.push(i);
  expect(q.pending).toBe(6);
  expect(q.size).toBe(4);
  await q.idle();
  expect(most).toBe(2);
  expect(done).toEqual([0, 1, 2, 4, 5]);
  expect(q.pending).toBe(0);
});
