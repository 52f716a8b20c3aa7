// a small http client for the cli, with errors that say what to do.
import { OlaError } from '../core/errors.ts';

export { labUrl } from './lab-url.ts';

export async function call<T>(base: string, path: string, init?: { method?: string; body?: unknown; timeoutMs?: number }): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method: init?.method ?? 'GET',
      headers: init?.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init?.timeoutMs ?? 30_000),
    });
  } catch (err) {
    throw new OlaError('OLA_ERR_LAB_UNREACHABLE', `cannot reach the lab at ${base} (${(err as Error).cause ?? (err as Error).message}); start it with 'npm start' or pass --url`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // non-json bodies (metrics) stay text
  }
  return { status: res.status, body: body as T };
}

export function apiError(body: unknown, status: number): string {
  const e = (body as { error?: { code?: string; message?: string } })?.error;
  return e ? `${e.code}: ${e.message}` : `http ${status}`;
}
