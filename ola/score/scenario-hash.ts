// a hash of exactly the scenarios a score came from (inputs and truths, typed arrays as bytes).
import { createHash, type Hash } from 'node:crypto';
import type { Scenario } from '../core/contracts.ts';

const cache = new WeakMap<Scenario[], string>();

export function scenariosHash(scenarios: Scenario[]): string {
  const hit = cache.get(scenarios);
  if (hit) return hit;
  const h = createHash('sha256');
  for (const s of scenarios) {
    h.update(s.id).update('\0');
    feed(h, s.input);
    feed(h, s.truth);
  }
  const out = h.digest('hex');
  cache.set(scenarios, out);
  return out;
}

function feed(h: Hash, v: unknown): void {
  if (ArrayBuffer.isView(v)) {
    h.update(v.constructor.name).update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  } else if (Array.isArray(v)) {
    h.update('[');
    for (const x of v) feed(h, x);
    h.update(']');
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v).sort()) {
      h.update(k).update(':');
      feed(h, (v as Record<string, unknown>)[k]);
    }
  } else {
    h.update(JSON.stringify(v) ?? 'undefined').update(';');
  }
}
