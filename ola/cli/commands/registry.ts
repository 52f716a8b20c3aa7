// ola registry verify: re-check the whole chain, the mirror and every artifact file.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadOrCreateKeys } from '../../registry/keys.ts';
import { SqliteStore } from '../../registry/sqlite-store.ts';
import { EXIT } from '../exit-codes.ts';

export function registryCommand(program: Command): void {
  const registry = program.command('registry').description('the append-only registry');
  registry
    .command('verify')
    .description('re-check every hash link, signature, mirror line and artifact file; names the first bad sequence number')
    .option('--storage <dir>', 'data folder (env OLA_STORAGE, default storage/)')
    .option('--full', 'verify every signature, not only the head (slower)')
    .option('--json', 'print the report as json')
    .action(async (opts: { storage?: string; full?: boolean; json?: boolean }) => {
      const dir = resolve(opts.storage ?? process.env.OLA_STORAGE ?? 'storage');
      if (!existsSync(join(dir, 'registry', 'registry.sqlite')) || !existsSync(join(dir, 'keys'))) {
        console.error(`no registry under ${dir}`);
        return process.exit(EXIT.error);
      }
      const store = new SqliteStore({ dir, keys: loadOrCreateKeys(dir), readonly: true });
      const report = await store.verify({ full: opts.full });
      await store.close();
      if (opts.json) console.log(JSON.stringify(report));
      else if (report.ok) console.log(`registry ok: ${report.events} events verified in ${report.ms} ms${opts.full ? ' (every signature)' : ''}`);
      else console.error(`registry TAMPERED at seq ${report.firstBadSeq}: ${report.problem} (${report.events} events read, ${report.ms} ms)`);
      process.exit(report.ok ? EXIT.ok : EXIT.tampered);
    });
}
