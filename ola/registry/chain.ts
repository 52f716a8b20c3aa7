// the hash chain: each event's hash covers its canonical body, the previous hash
// and the previous signature, so one valid head signature vouches for every row
// (see docs/adr/0002-chained-signatures.md).
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS = '0'.repeat(64);

export interface ChainRow {
  seq: number;
  body: string;
  prev: string;
  hash: string;
  sig: string;
}

/** the newest row of a chain, which the next one links to */
export interface ChainHead {
  seq: number;
  hash: string;
  sig: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS, sig: '' };

/** the row that follows head: its canonical body, link hash and signature */
export function nextLink(head: ChainHead, e: { type: string; subject: string; payload: unknown }, key: KeyObject): ChainRow & { ts: string } {
  const seq = head.seq + 1;
  const ts = new Date().toISOString();
  const body = canonical({ seq, ts, type: e.type, subject: e.subject, payload: e.payload });
  const hash = linkHash(head.hash, head.sig, body);
  return { seq, ts, body, prev: head.hash, hash, sig: signHash(hash, key) };
}

export function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be canonicalised');
  return text;
}

export function linkHash(prevHash: string, prevSig: string, body: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(prevSig).update('\n').update(body).digest('hex');
}

export function signHash(hash: string, key: KeyObject): string {
  return sign(null, Buffer.from(hash, 'hex'), key).toString('base64');
}

export function verifyHash(hash: string, sig: string, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(hash, 'hex'), key, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
