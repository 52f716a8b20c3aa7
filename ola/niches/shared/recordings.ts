// recorded traces a niche may replay: the newest few json files under storage/scenarios/<niche>/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function recordingsDir(storageDir: string, niche: string): string {
  return join(storageDir, 'scenarios', niche);
}

/** the newest `max` files by name, each through `parse`; torn, foreign or invalid files are skipped */
export function newestRecordings<T>(storageDir: string, niche: string, max: number, parse: (raw: unknown) => T | undefined): T[] {
  const dir = recordingsDir(storageDir, niche);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().slice(-max);
  } catch {
    return [];
  }
  const out: T[] = [];
  for (const f of files) {
    try {
      const rec = parse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (rec !== undefined) out.push(rec);
    } catch {
      // unreadable json is not a scenario
    }
  }
  return out;
}
