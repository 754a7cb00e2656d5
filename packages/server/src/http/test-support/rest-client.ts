/** A parsed JSON response body; tests read it freely (the assertions check the shapes). */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate arbitrary response JSON
export type Json = any;

export interface RestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly body: Json;
}

/** A tiny `fetch` client for one server: MLflow API calls plus raw requests. */
export interface RestClient {
  /** POST `/api/2.0/mlflow/<path>` with a JSON body (a string is sent as is). */
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<RestResponse>;
  /** GET `/api/2.0/mlflow/<path>`; array values become repeated keys. */
  get(path: string, query?: Record<string, string | number | readonly (string | number)[]>): Promise<RestResponse>;
  /** Any request to a path under the server root. */
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<RestResponse>;
}

async function toResponse(res: Response): Promise<RestResponse> {
  const text = await res.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export function restClient(baseUrl: string, prefix = "/api/2.0/mlflow/"): RestClient {
  const raw: RestClient["raw"] = async (method, path, init = {}) =>
    toResponse(await fetch(baseUrl + path, { method, ...(init.body !== undefined ? { body: init.body } : {}), headers: init.headers ?? {} }));
  return {
    raw,
    post: (path, body = {}, headers = { "content-type": "application/json" }) =>
      raw("POST", prefix + path, { body: typeof body === "string" ? body : JSON.stringify(body), headers }),
    get: (path, query = {}) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
      }
      const qs = params.toString();
      return raw("GET", prefix + path + (qs ? `?${qs}` : ""));
    },
  };
}
