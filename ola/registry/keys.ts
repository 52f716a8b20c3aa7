// the lab's ed25519 key, created on first start and kept under storage/keys/.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** derives secrets (held-out seeds) that proposers can never see */
  derive(label: string): Buffer;
}

export function loadOrCreateKeys(storageDir: string): LabKeys {
  const dir = join(storageDir, 'keys');
  const file = join(dir, 'lab-ed25519.pem');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return keysFromPem(readFileSync(file, 'utf8'));
}

/** writes a key made from a 32-byte seed (benchmarks and tests: a repeatable held-out set) */
export function writeSeededKey(storageDir: string, seed: Buffer): void {
  const file = join(storageDir, 'keys', 'lab-ed25519.pem');
  if (existsSync(file)) return;
  // pkcs8 der of an ed25519 key is a fixed prefix and the 32-byte seed
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed.subarray(0, 32)]);
  mkdirSync(join(storageDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(file, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}

/** public key only, for verifying a registry without the right to sign */
export function loadPublicKey(storageDir: string): KeyObject {
  return createPublicKey(createPrivateKey(readFileSync(join(storageDir, 'keys', 'lab-ed25519.pem'), 'utf8')));
}

export function keysFromPem(pem: string): LabKeys {
  const privateKey = createPrivateKey(pem);
  const secret = privateKey.export({ type: 'pkcs8', format: 'der' });
  return {
    privateKey,
    publicKey: createPublicKey(privateKey),
    derive: (label) => createHmac('sha256', secret).update(label).digest(),
  };
}
