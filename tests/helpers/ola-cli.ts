// runs bin/ola against a lab, as a person would: the operator's token (if any) in OLA_TOKEN and
// never one inherited from the test's own environment.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const OLA_BIN = join(import.meta.dirname, '..', '..', 'bin', 'ola');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** `ola <args> --url <url>`, its exit code and output */
export function olaCli(url: string, args: string[], token?: string): Promise<CliResult> {
  const { OLA_TOKEN: _mine, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(OLA_BIN, [...args, '--url', url], { encoding: 'utf8', timeout: 60_000, env: token ? { ...env, OLA_TOKEN: token } : env }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out, err });
    });
  });
}
