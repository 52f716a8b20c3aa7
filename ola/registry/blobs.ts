// artifact sources stored content-addressed by sha256.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from './chain.ts';

export class BlobStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.src`);
  }

  put(source: string): string {
    const sha = sha256Hex(source);
    const file = this.path(sha);
    if (!existsSync(file)) {
      mkdirSync(join(this.dir, sha.slice(0, 2)), { recursive: true });
      // write then rename so a crash never leaves a half file under the final name
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, source);
      renameSync(tmp, file);
    }
    return sha;
  }

  get(sha256: string): string | undefined {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
    try {
      return readFileSync(this.path(sha256), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** undefined when intact, otherwise what is wrong */
  check(sha256: string): string | undefined {
    return sourceProblem(sha256, this.get(sha256), 'artifact file');
  }
}

/** undefined when a stored source is there and hashes to its name, otherwise what is wrong */
export function sourceProblem(sha256: string, text: string | undefined, what: string): string | undefined {
  if (text === undefined) return `${what} ${sha256} is missing`;
  if (sha256Hex(text) !== sha256) return `${what} ${sha256} does not hash to its name`;
  return undefined;
}
