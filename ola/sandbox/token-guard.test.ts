// a queued job's token on the worker: its expiry counts as of when the lab admitted the job (an
// hour back at most), so a long queue on a busy host refuses nothing it admitted; a token past
// its expiry as of then, or tampered with, is refused all the same.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenService } from '../promotion/tokens.ts';
import { MAX_QUEUED_MS, SpentByLab, TokenGuard } from './runner.ts';

const tokens = new TokenService(generateKeyPairSync('ed25519'));
const worker = new TokenGuard(tokens, new SpentByLab());
// issuedAt is read before the token is made: its expiry, in whole seconds, is past that moment
// whatever the load, so a job admitted then is in time
const job = async (ttlSeconds: number) => {
  const issuedAt = Date.now();
  const t = await tokens.issue({ artifactId: 'a_1', sha256: 'f'.repeat(64), from: 'proposed', to: 'vm', ttlSeconds });
  return { artifactId: 'a_1', sha256: 'f'.repeat(64), token: t.token, issuedAt };
};

describe("a worker's token check", () => {
  it('counts the expiry from when the lab admitted the job', async () => {
    const j = await job(1);
    await new Promise((r) => setTimeout(r, 2100));
    await expect(worker.admit(j, 'vm')).rejects.toThrow(/exp/);
    await expect(worker.admit({ ...j, admittedAt: j.issuedAt }, 'vm')).resolves.toMatchObject({ artifactId: 'a_1', to: 'vm' });
    // an admission time in the future is taken as now
    await expect(worker.admit({ ...j, admittedAt: Date.now() + 60_000 }, 'vm')).rejects.toThrow(/exp/);
  });

  it('looks back an hour at most, and never past a forged token', async () => {
    expect(MAX_QUEUED_MS).toBe(3_600_000);
    const j = await job(1);
    await new Promise((r) => setTimeout(r, 2100));
    // an admission claimed two hours back is taken as an hour back: the token had not been issued yet, so it was valid then
    await expect(worker.admit({ ...j, admittedAt: Date.now() - 2 * 3_600_000 }, 'vm')).resolves.toBeDefined();
    const other = new TokenService(generateKeyPairSync('ed25519'));
    const forged = (await other.issue({ artifactId: 'a_1', sha256: 'f'.repeat(64), from: 'proposed', to: 'vm', ttlSeconds: 60 })).token;
    await expect(worker.admit({ ...j, token: forged, admittedAt: j.issuedAt }, 'vm')).rejects.toThrow(/signature/);
    await expect(worker.admit({ ...j, admittedAt: j.issuedAt }, 'jail')).rejects.toThrow(/token is for vm/);
  });
});
