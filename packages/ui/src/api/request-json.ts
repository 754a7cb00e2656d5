import { ApiError } from "./api-error.js";

/** Query-string values; arrays become repeated keys as MLflow's GET endpoints expect. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** The UI talks to the same-origin AJAX prefix that MLflow's own UI uses. */
export const AJAX_PREFIX = "/ajax-api/2.0";

/** Builds `path?k=v&k=v2` with repeated keys for arrays and no entry for undefined. */
export function withQuery(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Calls one MLflow REST endpoint (`path` relative to /ajax-api/2.0) and returns its JSON.
 * Throws ApiError with the server's error_code and message on any non-2xx answer, and
 * ApiError("BAD_RESPONSE") when a 2xx answer is not JSON.
 */
export async function requestJson<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const url = withQuery(AJAX_PREFIX + path, opts.query);
  const init: RequestInit = { method, headers: { accept: "application/json" } };
  if (opts.signal) init.signal = opts.signal;
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    init.headers = { accept: "application/json", "content-type": "application/json" };
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    if (!res.ok) throw new ApiError(res.status === 404 ? "ENDPOINT_NOT_FOUND" : "INTERNAL_ERROR", `${res.status} ${res.statusText}`, res.status);
    throw new ApiError("BAD_RESPONSE", `The server answered ${path} with something that is not JSON`, res.status);
  }
  if (!res.ok) {
    const body = (parsed ?? {}) as { error_code?: unknown; message?: unknown };
    const code = typeof body.error_code === "string" ? body.error_code : res.status === 404 ? "ENDPOINT_NOT_FOUND" : "INTERNAL_ERROR";
    const message = typeof body.message === "string" ? body.message : `${res.status} ${res.statusText}`;
    throw new ApiError(code, message, res.status);
  }
  return parsed as T;
}
