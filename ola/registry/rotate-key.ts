// rotating the lab key: the next key pair is made and kept pending, a lab_key_rotated event signed
// by the old key records its public key, the old key's endorsement of it and who asked, and the
// store hands over to the new key before its next append (docs/registry.md#the-key-chain).
import type { RegistryStore } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { LabKeys } from './keys.ts';

export interface KeyRotation {
  /** the operators who asked */
  by: string[];
  /** plain language: who asked and why */
  why: string;
  /** the seqs of their requests */
  requests: number[];
}

export async function rotateLabKey(store: RegistryStore, keys: LabKeys, r: KeyRotation): Promise<{ seq: number; fingerprint: string; previous: string }> {
  const proof = keys.prepareRotation();
  let seq: number;
  try {
    seq = (await store.append({ type: 'lab_key_rotated', subject: 'lab', payload: { ...proof, by: r.by, why: r.why, requests: r.requests } })).seq;
  } finally {
    // recorded: handed over already (a no-op); refused: the pending key goes
    keys.discardRotation();
  }
  if (keys.fingerprint !== proof.fingerprint) throw new OlaError('OLA_ERR_INTERNAL', 'the registry store did not hand over to the new lab key');
  return { seq, fingerprint: proof.fingerprint, previous: proof.previousFingerprint };
}
