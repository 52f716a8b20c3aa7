// the lab's ed25519 key, created on first start and kept under storage/keys/: the private key
// (lab-ed25519.pem), the key chain of every public key it ever used (keys.json), a pending next
// key while a rotation is under way (lab-ed25519.next.pem), and the secrets derived once from the
// first key (secrets.json), so a rotation leaves the held-out scenarios as they were.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OlaError } from '../core/errors.ts';
import { checkRotation, endorse, fingerprint, keyAt, publicPem, readKeyChain, writeAtomically, writeKeyChain, type ChainKey, type KeyChainView, type RotationProof } from './key-chain.ts';

export type { ChainKey, KeyChainView } from './key-chain.ts';

/** an event as the key ring sees it: a lab_key_rotated one hands over to the next key */
export interface KeyEvent {
  seq: number;
  ts: string;
  type: string;
  payload: Record<string, unknown>;
}

export interface LabKeys extends KeyChainView {
  /** the key that signs now */
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly fingerprint: string;
  /** secrets (held-out seeds) that proposers can never see; unchanged by a rotation */
  derive(label: string): Buffer;
  /** makes the next key pair, kept pending on disk until the rotation event is committed */
  prepareRotation(): RotationProof;
  /** the rotation event was not recorded: forget the pending key */
  discardRotation(): void;
  /** a store committed e (it calls this before its next append) */
  committed(e: KeyEvent): void;
  /** a writing store at open: the registry's last lab_key_rotated event finishes or refuses what is on disk */
  settle(last: KeyEvent | undefined): void;
}

const HELD_OUT = 'held-out-scenarios';

const files = (storageDir: string) => {
  const dir = join(storageDir, 'keys');
  return { dir, pem: join(dir, 'lab-ed25519.pem'), next: join(dir, 'lab-ed25519.next.pem'), chain: join(dir, 'keys.json'), secrets: join(dir, 'secrets.json') };
};

const pemOf = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

export function loadOrCreateKeys(storageDir: string): LabKeys {
  const f = files(storageDir);
  if (!existsSync(f.pem)) {
    mkdirSync(f.dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(f.pem, pemOf(privateKey), { mode: 0o600, flag: 'wx' });
  }
  return new KeyRing(storageDir);
}

/** writes a key made from a 32-byte seed (benchmarks and tests: a repeatable held-out set) */
export function writeSeededKey(storageDir: string, seed: Buffer): void {
  const file = files(storageDir).pem;
  if (existsSync(file)) return;
  // pkcs8 der of an ed25519 key is a fixed prefix and the 32-byte seed
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed.subarray(0, 32)]);
  mkdirSync(join(storageDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(file, pemOf(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })), { mode: 0o600 });
}

/** the key chain alone, for verifying a registry offline: keys.json, else the one key of an older folder */
export function loadKeyChain(storageDir: string): KeyChainView {
  const f = files(storageDir);
  const chain = readKeyChain(f.chain);
  if (chain) return { chain };
  const publicKey = createPublicKey(createPrivateKey(readFileSync(f.pem, 'utf8')));
  return { chain: [{ fingerprint: fingerprint(publicKey), publicKey, fromSeq: 1 }] };
}

/** the public key that signs now */
export function loadPublicKey(storageDir: string): KeyObject {
  return keyAt(loadKeyChain(storageDir).chain, Number.MAX_SAFE_INTEGER).publicKey;
}

class KeyRing implements LabKeys {
  private f: ReturnType<typeof files>;
  private current: { privateKey: KeyObject; publicKey: KeyObject; fingerprint: string };
  private pending: KeyObject | undefined;
  private secrets: Record<string, string>;
  chain: readonly ChainKey[];

  constructor(storageDir: string) {
    this.f = files(storageDir);
    this.current = held(createPrivateKey(readFileSync(this.f.pem, 'utf8')));
    const chain = readKeyChain(this.f.chain);
    this.chain = chain ?? [{ fingerprint: this.current.fingerprint, publicKey: this.current.publicKey, fromSeq: 1 }];
    if (!chain) atLoad(() => writeKeyChain(this.f.chain, this.chain));
    this.secrets = existsSync(this.f.secrets) ? (JSON.parse(readFileSync(this.f.secrets, 'utf8')) as Record<string, string>) : {};
    // the held-out secret is made once, from the first key, before any rotation can happen
    if (!this.secrets[HELD_OUT]) this.derive(HELD_OUT);
  }

  get privateKey(): KeyObject {
    return this.current.privateKey;
  }

  get publicKey(): KeyObject {
    return this.current.publicKey;
  }

  get fingerprint(): string {
    return this.current.fingerprint;
  }

  derive(label: string): Buffer {
    const known = this.secrets[label];
    if (known) return Buffer.from(known, 'hex');
    if (this.chain.length > 1 || this.chain[0]!.fingerprint !== this.current.fingerprint) {
      // derived now, it would differ from what the first key gave: refuse rather than change it
      throw new OlaError('OLA_ERR_LAB_KEY_STALE', `${this.f.secrets} holds no "${label}" secret, and the first lab key is gone: restore that file from a backup`);
    }
    // today's derivation (an hmac keyed with the private key), kept so existing labs see the same secrets
    const secret = createHmac('sha256', this.current.privateKey.export({ type: 'pkcs8', format: 'der' })).update(label).digest();
    this.secrets = { ...this.secrets, [label]: secret.toString('hex') };
    atLoad(() => writeAtomically(this.f.secrets, `${JSON.stringify(this.secrets, null, 2)}\n`, 0o600));
    return secret;
  }

  prepareRotation(): RotationProof {
    // a key mounted read-only (a kubernetes secret) cannot be replaced: refuse before anything is recorded
    const mounted = statSync(this.f.pem).dev !== statSync(this.f.dir).dev;
    let writable = !mounted;
    try {
      accessSync(this.f.pem, constants.W_OK);
      accessSync(this.f.dir, constants.W_OK);
    } catch {
      writable = false;
    }
    if (!writable) {
      throw new OlaError('OLA_ERR_LAB_ACTION_REFUSED', `${this.f.pem} cannot be replaced here (mounted or read-only): rotate the key where it is kept (docs/registry.md#the-key-chain)`, { action: 'rotate-key' });
    }
    // the secrets derived from this key must outlive it
    if (!existsSync(this.f.secrets)) writeAtomically(this.f.secrets, `${JSON.stringify(this.secrets, null, 2)}\n`, 0o600);
    const { privateKey } = generateKeyPairSync('ed25519');
    // on disk before the event is recorded: a crash after the commit finds the key to finish with
    writeAtomically(this.f.next, pemOf(privateKey), 0o600);
    this.pending = privateKey;
    const publicKey = createPublicKey(privateKey);
    return { publicKey: publicPem(publicKey), fingerprint: fingerprint(publicKey), previousFingerprint: this.current.fingerprint, endorsement: endorse(this.current.privateKey, publicKey) };
  }

  discardRotation(): void {
    // once handed over, the rotation stands: the next start finishes its files
    if (!this.pending) return;
    this.pending = undefined;
    rmSync(this.f.next, { force: true });
  }

  committed(e: KeyEvent): void {
    if (e.type !== 'lab_key_rotated' || !this.pending) return;
    if (e.payload.fingerprint !== fingerprint(createPublicKey(this.pending))) return;
    this.promote(this.pending, e.seq + 1, e.ts);
  }

  settle(last: KeyEvent | undefined): void {
    const named = last ? String(last.payload.fingerprint) : this.chain[0]!.fingerprint;
    const pending = existsSync(this.f.next) ? createPrivateKey(readFileSync(this.f.next, 'utf8')) : undefined;
    if (last && pending && this.current.fingerprint !== named && fingerprint(createPublicKey(pending)) === named) {
      // the rotation was recorded, then the lab stopped before its files were: finish it
      this.promote(pending, last.seq + 1, last.ts);
      return;
    }
    // a pending key the registry never named: the rotation did not happen
    if (pending) rmSync(this.f.next, { force: true });
    if (this.current.fingerprint !== named) {
      const why = last ? `the registry's lab key was rotated at seq ${last.seq} to ${named.slice(0, 16)}` : `the registry's first key is ${named.slice(0, 16)} (keys.json)`;
      throw new OlaError('OLA_ERR_LAB_KEY_STALE', `${why}, but ${this.f.pem} holds ${this.current.fingerprint.slice(0, 16)}: copy storage/keys/ from the lab that holds the key in force`);
    }
    if (last && !this.chain.some((k) => k.fingerprint === named)) {
      const next = checkRotation(last.payload, keyAt(this.chain, last.seq));
      if ('problem' in next) throw new OlaError('OLA_ERR_REGISTRY_TAMPERED', `seq ${last.seq}: ${next.problem}`);
      this.chain = [...this.chain, { fingerprint: named, publicKey: next.next, fromSeq: last.seq + 1, since: last.ts }];
      writeKeyChain(this.f.chain, this.chain);
    }
  }

  private promote(privateKey: KeyObject, fromSeq: number, since: string): void {
    // in memory first: the next append is signed with the new key even if a file step fails
    // (the next start finishes the files from the pending key)
    this.current = held(privateKey);
    this.pending = undefined;
    if (!this.chain.some((k) => k.fingerprint === this.current.fingerprint)) {
      this.chain = [...this.chain, { fingerprint: this.current.fingerprint, publicKey: this.current.publicKey, fromSeq, since }];
    }
    writeKeyChain(this.f.chain, this.chain);
    // the rename replaces the old private key: only its public key stays, in the chain
    writeAtomically(this.f.pem, pemOf(privateKey), 0o600);
    rmSync(this.f.next, { force: true });
  }
}

/** a file the ring keeps from the start: a read-only keys folder runs as before, unable only to rotate */
function atLoad(write: () => void): void {
  try {
    write();
  } catch (err) {
    if (!['EROFS', 'EACCES', 'EPERM'].includes(String((err as NodeJS.ErrnoException).code))) throw err;
  }
}

function held(privateKey: KeyObject) {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, fingerprint: fingerprint(publicKey) };
}

/** the signing side of a store's keys; a read-only store has only the chain */
export function signerOf(keys: LabKeys | KeyChainView): LabKeys {
  if (!('privateKey' in keys)) throw new OlaError('OLA_ERR_INTERNAL', 'a read-only registry store holds no signing key');
  return keys;
}

/** the last lab_key_rotated row of a registry as the ring reads it */
export function keyEvent(row: { seq: number; ts: string; type: string; body: string } | undefined): KeyEvent | undefined {
  if (!row) return undefined;
  const payload = (JSON.parse(row.body) as { payload?: Record<string, unknown> }).payload ?? {};
  return { seq: Number(row.seq), ts: row.ts, type: row.type, payload };
}
