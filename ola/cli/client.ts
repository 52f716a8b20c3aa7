// a small http client for the cli, with errors that say what to do.
import { OlaError } from '../core/errors.ts';

export { labUrl } from './lab-url.ts';

/** the caller's own bearer token (a submitter's or an operator's): env only, never a flag, which ps would show */
export function callerToken(): string | undefined {
  return process.env.OLA_TOKEN?.trim() || undefined;
}

export async function call<T>(base: string, path: string, init?: { method?: string; body?: unknown; timeoutMs?: number; token?: string }): Promise<{ status: number; body: T }> {
  let res: Response;
  const headers: Record<string, string> = {};
  if (init?.body !== undefined) headers['content-type'] = 'application/json';
  if (init?.token) headers.authorization = `Bearer ${init.token}`;
  try {
    res = await fetch(`${base}${path}`, {
      method: init?.method ?? 'GET',
      headers,
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
  const hint = status === 401 ? ' (set OLA_TOKEN to your token)' : '';
  return e ? `${e.code}: ${e.message}${hint}` : `http ${status}`;
}
