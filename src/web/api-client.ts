/**
 * The one way the web app talks to the API: JSON over fetch with the session cookie,
 * the CSRF token on every write, an Idempotency-Key on every POST, and problem+json
 * errors turned into ApiError (status, code, field errors).
 */

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  /** The server's snake_case code (app-error.ts), or `network_error` when the server was not reached. */
  readonly code: string;
  readonly fields: FieldError[];
  readonly retryAfterSeconds?: number;
  readonly requestId?: string;
  /** The problem's `meta` (AppError detail): e.g. `mergedIntoId` of a merged customer, the `matches` of a refused duplicate. */
  readonly meta?: Record<string, unknown>;

  constructor(init: { status: number; code: string; message: string; fields?: FieldError[]; retryAfterSeconds?: number; requestId?: string; meta?: Record<string, unknown> }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.requestId = init.requestId;
    this.meta = init.meta;
  }
}

export const isApiError = (e: unknown, code?: string): e is ApiError => e instanceof ApiError && (code === undefined || e.code === code);

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The session's CSRF token, from GET /me or the sign-in answer. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an API call finds the session gone (expired, signed out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/**
 * A random key for Idempotency-Key. crypto.randomUUID exists only in secure contexts
 * (HTTPS or localhost); a LAN install on plain http still has getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One idempotency key per user action: re-sending the same body (a double click, a retry
 * after a network error) reuses the key, so the server creates one record and replays its
 * answer; a changed body is a new action and gets a new key (the server refuses a reused
 * key with a different body).
 */
export function createActionKey() {
  let lastBody: string | undefined;
  let key = '';
  return {
    for(body: unknown): string {
      const s = JSON.stringify(body ?? null);
      if (s !== lastBody) {
        lastBody = s;
        key = newIdempotencyKey();
      }
      return key;
    },
    /** After a success: the next submission, even with the same values, is a new action. */
    reset(): void {
      lastBody = undefined;
    },
  };
}
export type ActionKey = ReturnType<typeof createActionKey>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** The "am I signed in?" probe and the sign-in form handle 401 themselves. */
  allowUnauthenticated?: boolean;
}

function queryString(query?: QueryParams): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function toApiError(res: Response): Promise<ApiError> {
  const retryAfter = Number(res.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  let body: { code?: string; title?: string; errors?: FieldError[]; requestId?: string; meta?: unknown } = {};
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's error page): keep the status only.
  }
  return new ApiError({
    status: res.status,
    code: body.code ?? (res.status === 401 ? 'unauthenticated' : res.status >= 500 ? 'internal' : 'bad_request'),
    message: body.title ?? res.statusText,
    fields: Array.isArray(body.errors) ? body.errors : [],
    retryAfterSeconds,
    requestId: body.requestId ?? res.headers.get('x-request-id') ?? undefined,
    meta: body.meta && typeof body.meta === 'object' ? (body.meta as Record<string, unknown>) : undefined,
  });
}

/** Fetches a fresh CSRF token (after the session was renewed in another tab). */
async function refreshCsrfToken(): Promise<string | null> {
  try {
    const res = await fetch('/api/v1/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const me = (await res.json()) as { csrfToken: string | null };
    csrfToken = me.csrfToken;
    return csrfToken;
  } catch {
    return null;
  }
}

export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = opts.idempotencyKey ?? newIdempotencyKey();
  const url = path + queryString(opts.query);
  for (let attempt = 0; ; attempt++) {
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        credentials: 'same-origin',
        signal: opts.signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError({ status: 0, code: 'network_error', message: 'The server could not be reached' });
    }
    if (res.ok) {
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const error = await toApiError(res);
    // A double click sent the same key while the first request ran: wait for the first answer, which the server replays.
    if (error.code === 'idempotency_in_progress' && attempt < 40) {
      await sleep(250);
      continue;
    }
    // The session was renewed elsewhere (signed in again in another tab): take its CSRF token and try once more.
    if (error.code === 'csrf_failed' && attempt === 0 && (await refreshCsrfToken())) continue;
    if (error.code === 'unauthenticated' && !opts.allowUnauthenticated) onUnauthenticated?.();
    throw error;
  }
}

export const api = {
  get: <T>(path: string, query?: QueryParams, opts?: Omit<RequestOptions, 'query' | 'body'>) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  put: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, opts),
};

/**
 * Uploads one file as multipart/form-data (POST /api/v1/files, or another upload endpoint
 * such as /api/v1/imports/upload), with the CSRF token and an Idempotency-Key; the JSON
 * helpers above cannot send a body that is not JSON.
 */
export async function uploadFile<T>(file: File, query: QueryParams = {}, opts: { signal?: AbortSignal; onProgress?: (percent: number) => void; path?: string; fields?: Record<string, string> } = {}): Promise<T> {
  const form = new FormData();
  // Text fields (the archive's "metadata") travel in the same request, before the file part.
  for (const [name, value] of Object.entries(opts.fields ?? {})) form.append(name, value);
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json', 'idempotency-key': newIdempotencyKey() };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    const url = opts.path ? opts.path + queryString(query) : '/api/v1/files' + queryString({ purpose: 'attachment', ...query });
    res = await fetch(url, { method: 'POST', headers, body: form, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'network_error', message: 'The server could not be reached' });
  }
  if (res.ok) return (await res.json()) as T;
  const error = await toApiError(res);
  if (error.code === 'unauthenticated') onUnauthenticated?.();
  throw error;
}
