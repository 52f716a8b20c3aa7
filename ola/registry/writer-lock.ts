// one writing process per registry: two writers would each extend the chain from their own head.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OlaError } from '../core/errors.ts';
import { processAlive } from '../core/process-alive.ts';

/** takes the lock (or a stale one); returns the release function */
export function takeWriterLock(registryDir: string): () => void {
  const file = join(registryDir, 'writer.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid === process.pid) return () => undefined; // a second store in this process (tests)
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new OlaError('OLA_ERR_STORAGE_LOCKED', `another lab (pid ${pid}) is writing ${registryDir}; stop it, or use its api (ola --url)`);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new OlaError('OLA_ERR_STORAGE_LOCKED', `could not take ${file}`);
}
