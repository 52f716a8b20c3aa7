// ola serve: start the lab and its api on the configured address.
import type { Command } from 'commander';
import { buildServer } from '../../api/server.ts';
import { fromEnv, loadConfig } from '../../core/config.ts';
import type { FastifyInstance } from 'fastify';
import { OlaError } from '../../core/errors.ts';
import { createLab, type Lab } from '../../lab.ts';

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
      const address = await listen(app, lab, config.server);
      lab.senses.start();
      const probe = await lab.runner.probe();
      app.log.info(
        { storage: config.storage.dir, sandbox: probe, niches: lab.catalog.list().map((n) => n.id) },
        `organic-os lab listening on ${address} (openapi at ${address}/docs)`,
      );
      // names and counts only: tokens never reach a log line
      const { operators, submitters } = config.auth;
      app.log.info({ operators: operators.map((o) => o.name), submitters: submitters.length }, 'bearer tokens configured');
      if (operators.length === 0) app.log.warn('no operator is configured (OLA_OPERATOR_TOKENS): approvals into shadow and active are refused');
      if (submitters.length === 0 && !isLoopback(config.server.host)) {
        app.log.warn(`proposals are open to anyone who reaches ${config.server.host}: set OLA_SUBMITTER_TOKENS, or listen on 127.0.0.1`);
      }
    });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** listens, or closes the lab and says why not: a taken port is named, with what to do */
async function listen(app: FastifyInstance, lab: Lab, server: { host: string; port: number }): Promise<string> {
  try {
    return await app.listen({ host: server.host, port: server.port });
  } catch (err) {
    await app.close();
    await lab.close();
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const where = `${server.host}:${server.port}`;
    throw new OlaError('OLA_ERR_ADDRESS_IN_USE', `${where} is in use (another lab?); start on another port with --port or OLA_PORT, or use the running lab (ola --url http://${where})`, { field: 'port' });
  }
}
