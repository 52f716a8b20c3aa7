// json over fetch, with the lab's error body ({ error: { code, message, detail } }) as ApiError.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; detail?: { field?: unknown } };
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new ApiError(0, 'UNREACHABLE', 'the lab is unreachable');
  }
  const text = await res.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const e = (body as ErrorBody | undefined)?.error;
    const field = typeof e?.detail?.field === 'string' ? e.detail.field : undefined;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, field);
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { signal, headers: { accept: 'application/json' } });
}

/** `token`: a bearer token for the routes that need one (approvals; proposals once submitters are configured) */
export function postJson<T>(path: string, body?: unknown, signal?: AbortSignal, token?: string | null): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method: 'POST', signal, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  if (token) headers.authorization = `Bearer ${token}`;
  return request<T>(path, init);
}
