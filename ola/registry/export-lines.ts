// the registry's export: a header line with the lab public key, then each event as the mirror
// writes it (GET /registry/export, and the plain stream of a checkpoint archive).
import type { RegistryStore } from '../core/contracts.ts';
import { canonical, GENESIS } from './chain.ts';
import { keyAt, publicPem, type KeyChainView } from './key-chain.ts';
import { mirrorLine } from './mirror-line.ts';

const PAGE = 1000;

/**
 * the export of events after `after` up to `head` (the store's head when not given). the header
 * names the key that signs the first event exported; a lab_key_rotated event in it names the next
 */
export async function* exportLines(store: RegistryStore, keys: KeyChainView, after: number, head?: number): AsyncGenerator<string> {
  const last = head ?? (await store.headSeq());
  const publicKey = publicPem(keyAt(keys.chain, after + 1).publicKey);
  const [prev] = after > 0 ? await store.eventsAfter(after - 1, 1) : [];
  yield `${JSON.stringify({ kind: 'organic-os registry export', version: 1, algorithm: 'ed25519', publicKey, after, prevHash: prev?.hash ?? GENESIS, prevSig: prev?.sig ?? '', head: last, exportedAt: new Date().toISOString() })}\n`;
  for (let seq = after; seq < last; ) {
    const page = await store.eventsAfter(seq, PAGE);
    if (page.length === 0) break;
    let chunk = '';
    for (const e of page) {
      if (e.seq > last) break;
      const body = canonical({ seq: e.seq, ts: e.ts, type: e.type, subject: e.subject, payload: e.payload });
      chunk += `${mirrorLine({ seq: e.seq, body, prev: e.prev, hash: e.hash, sig: e.sig })}\n`;
    }
    yield chunk;
    seq = page.at(-1)!.seq;
  }
}
