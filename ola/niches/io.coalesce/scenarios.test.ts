// io.coalesce scenarios are pure, deterministic data; backing files are real, checked, and remade when damaged.
import { existsSync, openSync, closeSync, readFileSync, statSync, writeSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../core/tmp-storage.ts';
import { scenariosHash } from '../../score/scenario-hash.ts';
import { ensureBackingFile, expectedBytes, forgetVerified } from './backing-file.ts';
import { ioCoalesceNiche as niche } from './index.ts';
import { ioScenario, KINDS, MAX_REQUESTS, MIN_REQUESTS } from './scenarios.ts';

const storage = tmpStorage();
afterAll(() => storage.cleanup());
const ctx = (fill: number, dir = storage.dir) => ({ heldOutKey: Buffer.alloc(32, fill), storageDir: dir });

describe('io.coalesce scenarios', () => {
  it('are the same from the same seeds, and the held-out ones follow the key', () => {
    const a = niche.scenarios(ctx(3));
    expect(scenariosHash(a)).toBe(scenariosHash(niche.scenarios(ctx(3))));
    const held = (k: number) => niche.scenarios(ctx(k)).filter((s) => s.heldOut);
    expect(scenariosHash(held(3))).not.toBe(scenariosHash(held(4)));
    expect(a.filter((s) => !s.heldOut).map((s) => s.kind)).toEqual([...KINDS]);
    expect(held(3)).toHaveLength(4);
    for (const s of held(3)) {
      expect(s.id).toMatch(/^io\.coalesce:heldout:\d$/);
      expect(s.truth.path).not.toContain(String(s.seed));
    }
  });

  it('keep to their own rules: windows, sizes, bounds', () => {
    for (const s of niche.scenarios(ctx(5))) {
      const { offsets, lengths, windowEnds, fileSize, maxReadBytes, queueDepth } = s.input;
      expect(offsets.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
      expect(offsets.length).toBeLessThanOrEqual(MAX_REQUESTS);
      expect(fileSize).toBeGreaterThanOrEqual(8 << 20);
      expect(windowEnds.at(-1)).toBe(offsets.length);
      let prev = 0;
      for (const e of windowEnds) {
        expect(e - prev).toBeGreaterThanOrEqual(1);
        expect(e - prev).toBeLessThanOrEqual(queueDepth);
        prev = e;
      }
      for (let i = 0; i < offsets.length; i++) {
        expect(Number.isInteger(offsets[i])).toBe(true);
        expect(lengths[i]).toBeGreaterThanOrEqual(1);
        expect(lengths[i]).toBeLessThanOrEqual(maxReadBytes);
        expect(offsets[i]! + lengths[i]!).toBeLessThanOrEqual(fileSize);
      }
      expect(s.truth.fileSize).toBe(fileSize);
    }
  });

  it('never touch the disk: files are made by the judge on first use', () => {
    const dir = `${storage.dir}/untouched`;
    niche.scenarios(ctx(3, dir));
    expect(existsSync(dir)).toBe(false);
  });
});

describe('io.coalesce backing file', () => {
  const s = ioScenario(4242, 'random', false, storage.dir);

  it('is made once from the seed, with a stored sha256, and reused', () => {
    expect(ensureBackingFile(s.truth)).toBe(true);
    expect(statSync(s.truth.path).size).toBe(s.truth.fileSize);
    expect(readFileSync(`${s.truth.path}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    // any unaligned range of the file is the seed's keystream at that offset
    const at = 123_457;
    const got = readFileSync(s.truth.path).subarray(at, at + 999);
    expect(got.equals(expectedBytes(4242, at, 999))).toBe(true);
    expect(expectedBytes(4242, at, 999).equals(expectedBytes(4243, at, 999))).toBe(false);
    forgetVerified();
    expect(ensureBackingFile(s.truth)).toBe(false);
  });

  it('is remade when a byte is damaged', () => {
    ensureBackingFile(s.truth);
    const fd = openSync(s.truth.path, 'r+');
    const before = readFileSync(s.truth.path).subarray(5000, 5001)[0]!;
    writeSync(fd, Buffer.from([before ^ 0xff]), 0, 1, 5000);
    closeSync(fd);
    forgetVerified();
    expect(ensureBackingFile(s.truth)).toBe(true);
    expect(readFileSync(s.truth.path)[5000]).toBe(before);
  });
});
