// the jsonl mirror of the event table (storage/registry/events.log), for streaming and grep.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChainRow } from './chain.ts';
import { mirrorLine } from './mirror-line.ts';

export class Mirror {
  private fd: number | undefined;

  constructor(readonly file: string) {}

  write(row: ChainRow): void {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, 'a');
    }
    writeSync(this.fd, `${mirrorLine(row)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
