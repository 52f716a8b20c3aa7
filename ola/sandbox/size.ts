// a bounded estimate of a value's json size, stopping as soon as it passes the limit.
export function exceedsSize(value: unknown, limit: number): boolean {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || v === undefined || typeof v === 'boolean') total += 4;
    else if (typeof v === 'number') total += 8;
    else if (typeof v === 'string') total += v.length + 2;
    else if (ArrayBuffer.isView(v)) total += v.byteLength * 2;
    else if (Array.isArray(v)) {
      total += v.length + 2;
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        total += k.length + 4;
        stack.push(x);
      }
    } else total += 8;
    if (total > limit) return true;
  }
  return false;
}
