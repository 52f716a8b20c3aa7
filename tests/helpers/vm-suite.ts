// one vm runner for a test file: booted (or restored) before its tests, checked available,
// closed after them with the file's storage.
import { afterAll, beforeAll, expect } from 'vitest';
import type { TokenService } from '../../ola/promotion/tokens.ts';
import { TokenGuard } from '../../ola/sandbox/runner.ts';
import { VmRunner } from '../../ola/sandbox/vm/vm-runner.ts';

/** the runner, once beforeAll has made it */
export function vmSuite(tokens: TokenService, storage: { cleanup(): void }): () => VmRunner {
  let runner: VmRunner | undefined;
  beforeAll(async () => {
    runner = new VmRunner(new TokenGuard(tokens), { graceMs: 2000 });
    const probe = await runner.probe();
    expect(probe, probe.reason).toMatchObject({ available: true });
  }, 400_000);
  afterAll(async () => {
    await runner?.close();
    storage.cleanup();
  });
  return () => runner!;
}
