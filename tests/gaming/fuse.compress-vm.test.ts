// the fuse.compress stash cheat at the vm stage, where the file-system session goes through a
// kernel fuse mount and the guest's helper calls the codec: decompress still runs apart from
// compress there, so blocks that only a stash could decode fail the read through the kernel.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stageLimits } from '../../ola/core/ladder.ts';
import { tmpStorage } from '../../ola/core/tmp-storage.ts';
import { NicheCatalog } from '../../ola/niches/catalog.ts';
import fuse from '../../ola/niches/fuse.compress/index.ts';
import { runAtStage } from '../../ola/promotion/run-at-stage.ts';
import { TokenService } from '../../ola/promotion/tokens.ts';
import { vmSuite } from '../helpers/vm-suite.ts';
import { HostScorer } from '../../ola/score/host-scorer.ts';
import { AstValidator } from '../../ola/validate/validator.ts';

const storage = tmpStorage();
const tokens = new TokenService(generateKeyPairSync('ed25519'));
const vm = vmSuite(tokens, storage);


describe('fuse.compress cheats at the vm stage', () => {
  it('honest in the block pass, then a stash key per block: the fuse session cannot read it back', async () => {
    // the first four compress calls are honest (stored with a 0 byte), the later ones store a key
    const source = `const stash = new Map(); let calls = 0;
      export function compress(d) {
        if (++calls <= 4) { const o = new Uint8Array(d.length + 1); o.set(d, 1); return o; }
        const k = stash.size + 1; stash.set(k, d.slice()); return new Uint8Array([1, k & 255, k >> 8]);
      }
      export function decompress(d) {
        if (d[0] === 0 || d.length !== 3) return d.slice(1);
        const got = stash.get(d[1] | (d[2] << 8)); return got ? got.slice() : new Uint8Array(0);
      }`;
    const v = await new AstValidator().validate({ source, language: 'js', requiredExports: fuse.requiredExports });
    if (!v.ok) throw new Error(v.rejections.map((r) => r.message).join('; '));
    const artifact = { id: `a_${v.value.sha256.slice(0, 26).toUpperCase()}`, sha256: v.value.sha256, script: v.value.script };
    const scenarios = new NicheCatalog({ heldOutKey: Buffer.alloc(32, 7), storageDir: storage.dir }, [fuse]).scenarios(fuse.id).public.slice(0, 1);
    const { runs } = await runAtStage({ runner: vm(), tokens }, artifact, fuse, scenarios, { from: 'container' }, new AbortController().signal);
    const score = new HostScorer().score(fuse, scenarios, runs, stageLimits(fuse, 'vm'));
    expect(score.crashes).toBe(1);
    // (sharing compress's context, as before, every read would have come back right)
    expect(score.scenarios[0]!.reason).toMatch(/the fuse mount failed: EIO/);
  }, 600_000);
});
