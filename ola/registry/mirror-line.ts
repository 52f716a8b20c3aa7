// one mirror line is a pure function of its row, so verify compares strings.
import type { ChainRow } from './chain.ts';

export function mirrorLine(row: ChainRow): string {
  // body is canonical json of {payload, seq, subject, ts, type}; splice the chain fields in
  return `${row.body.slice(0, -1)},"prev":"${row.prev}","hash":"${row.hash}","sig":"${row.sig}"}`;
}
