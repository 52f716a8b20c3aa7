// ola serve: start the lab and its api on the configured address.
import type { Command } from 'commander';
import { buildServer } from '../../api/server.ts';
import { fromEnv, loadConfig } from '../../core/config.ts';
import { createLab } from '../../lab.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('start the lab (api, sandbox pool, senses) on embedded defaults')
    .option('--host <host>', 'address to listen on (env OLA_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (env OLA_PORT, default 8000)', (v) => Number(v))
    .option('--storage <dir>', 'data folder (env OLA_STORAGE, default storage/)')
    .option('--no-senses', 'do not start the senses sidecar')
    .option('--evolve', 'let the OLA evolve artifacts on its own, choosing niches as it goes')
    .option('--evolve-budget <n>', 'evaluations per autonomous run', (v) => Number(v))
    .action(async (opts: { host?: string; port?: number; storage?: string; senses: boolean; evolve?: boolean; evolveBudget?: number }) => {
      const config = loadConfig(fromEnv(process.env), {
        server: { host: opts.host, port: opts.port },
        storage: { dir: opts.storage },
        senses: opts.senses ? undefined : { enabled: false },
        autopilot: opts.evolve ? { enabled: true, budget: opts.evolveBudget } : undefined,
      });
      const lab = await createLab(config, { processMetrics: true });
      const app = await buildServer(lab);
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        app.log.info({ signal }, 'shutting down');
        await app.close();
        await lab.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      lab.senses.start();
      const address = await app.listen({ host: config.server.host, port: config.server.port });
      const probe = await lab.runner.probe();
      app.log.info(
        { storage: config.storage.dir, sandbox: probe, niches: lab.catalog.list().map((n) => n.id) },
        `organic-os lab listening on ${address} (openapi at ${address}/docs)`,
      );
    });
}
