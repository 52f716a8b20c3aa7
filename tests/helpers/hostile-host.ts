// what the raw-mode hostile suites attack: a live lab (its storage holds a key), a canary in
// the lab's environment, and a tcp listener on the host's loopback that counts every visitor.
import { createServer, type Server } from 'node:net';
import { startTestLab, type TestLab } from './test-lab.ts';

export interface HostileHost {
  t: TestLab;
  port: number;
  canary: string;
  /** connections the listener accepted (a contained payload makes none) */
  reached(): number;
  close(): Promise<void>;
}

export async function hostileHost(canary: string): Promise<HostileHost> {
  process.env.OLA_TEST_CANARY = canary;
  const t = await startTestLab();
  let reached = 0;
  const server: Server = createServer((s) => {
    reached++;
    s.end('reached');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    t,
    port: (server.address() as { port: number }).port,
    canary,
    reached: () => reached,
    async close() {
      delete process.env.OLA_TEST_CANARY;
      server.close();
      await t.close();
    },
  };
}
