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
