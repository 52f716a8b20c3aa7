// ola registry verify: re-check the whole chain, the head checkpoint, the mirror and every artifact source.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ErrorCode } from '../../core/errors.ts';
import { loadKeyChain } from '../../registry/keys.ts';
import { checkpointFile, openRegistry } from '../../registry/open-store.ts';
import { call, labUrl } from '../client.ts';
import { EXIT } from '../exit-codes.ts';

const TAMPERED: ErrorCode = 'OLA_ERR_REGISTRY_TAMPERED';

interface Opts {
  storage?: string;
  url?: string;
  databaseUrl?: string;
  checkpoint?: string;
  full?: boolean;
  json?: boolean;
}

/** the folder to check, and why: --storage, OLA_STORAGE, the running lab's, or storage/ */
async function storageDir(opts: Opts): Promise<{ dir: string; from: string }> {
  if (opts.storage) return { dir: resolve(opts.storage), from: '--storage' };
  if (process.env.OLA_STORAGE) return { dir: resolve(process.env.OLA_STORAGE), from: 'OLA_STORAGE' };
  const base = labUrl(opts.url);
  const health = await call<{ registry?: { storage?: string } }>(base, '/healthz', { timeoutMs: 2000 }).catch(() => undefined);
  const dir = health?.status === 200 ? health.body.registry?.storage : undefined;
  if (dir) return { dir, from: `the lab at ${base}` };
  return { dir: resolve('storage'), from: `the default; no lab answered at ${base}` };
}

export function registryCommand(program: Command): void {
  const registry = program.command('registry').description('the append-only registry');
  registry
    .command('verify')
    .description('re-check every hash link, signature, mirror line and artifact file; names the first bad sequence number')
    .option('--storage <dir>', 'data folder (env OLA_STORAGE; else the running lab\'s, asked at --url; else storage/)')
    .option('--url <url>', 'the lab whose storage to check (env OLA_URL)')
    .option('--database-url <url>', 'check the postgresql registry at this url (env OLA_DATABASE_URL); else the sqlite one in the storage folder')
    .option('--checkpoint <file>', 'hold the registry to this head checkpoint, e.g. a copy kept elsewhere (env OLA_REGISTRY_CHECKPOINT; default: the storage folder\'s)')
    .option('--full', 'verify every signature, not only the head (slower)')
    .option('--json', 'print the report as json')
    .action(async (opts: Opts) => {
      const { dir, from } = await storageDir(opts);
      const databaseUrl = opts.databaseUrl ?? (process.env.OLA_DATABASE_URL || undefined);
      const checkpoint = checkpointFile({ dir, databaseUrl, checkpoint: opts.checkpoint ?? (process.env.OLA_REGISTRY_CHECKPOINT || undefined) });
      if ((!databaseUrl && !existsSync(join(dir, 'registry', 'registry.sqlite'))) || !existsSync(join(dir, 'keys'))) {
        console.error(`no registry under ${dir} (storage from ${from})`);
        return process.exit(EXIT.error);
      }
      const store = await openRegistry({ dir, keys: loadKeyChain(dir), databaseUrl, checkpoint, readonly: true });
      const report = await store.verify({ full: opts.full });
      await store.close();
      const where = `${dir} (from ${from})${databaseUrl ? ', events in postgresql' : ''}`;
      if (opts.json) console.log(JSON.stringify({ ...report, storage: dir, checkpoint, ...(report.ok ? {} : { code: TAMPERED }) }));
      else if (report.ok) console.log(`registry ok: ${report.events} events verified in ${report.ms} ms${opts.full ? ' (every signature)' : ''}, up to the head checkpoint ${checkpoint}; storage ${where}`);
      else console.error(`${TAMPERED}: registry TAMPERED at seq ${report.firstBadSeq}: ${report.problem} (${report.events} events read, ${report.ms} ms); storage ${where}`);
      process.exit(report.ok ? EXIT.ok : EXIT.tampered);
    });
}
