// where the cli finds the lab: --url, OLA_URL, or OLA_HOST/OLA_PORT; a malformed one is named.
import { OlaError } from '../core/errors.ts';

export function labUrl(opt?: string): string {
  const host = process.env.OLA_HOST ?? '127.0.0.1';
  const [raw, from] = opt
    ? [opt, '--url']
    : process.env.OLA_URL
      ? [process.env.OLA_URL, 'OLA_URL']
      : [`http://${host.includes(':') ? `[${host}]` : host}:${process.env.OLA_PORT ?? 8000}`, 'OLA_HOST/OLA_PORT'];
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    throw new OlaError('OLA_ERR_BAD_URL', `'${raw}' (from ${from}) is not an http(s) url; e.g. --url http://127.0.0.1:8000`, { field: from });
  }
  return raw.replace(/\/$/, '');
}
