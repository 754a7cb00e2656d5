import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../app/start-server.js";
import { createTestDatabase } from "../../test-support/postgres.js";

/** A parsed JSON response body; tests read it freely (the assertions check the shapes). */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate arbitrary response JSON
export type Json = any;

/** What the Python client gets back from one request. */
export interface PyResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly body: Json;
}

/** One request as it left the client: method, path with query, body text. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: string;
}

/** A value of a request dict as `json.loads(message_to_json(...))` yields it. */
export type PyValue = string | number | boolean | null | undefined | readonly PyValue[] | { readonly [k: string]: PyValue };

/**
 * `requests`' encoding of a `params=` dict (mlflow/utils/rest_utils.py `call_endpoint` passes the
 * request dict as params for GET): a list becomes repeated keys, None is dropped, a Python bool is
 * `str(True)` = "True", numbers are `str(n)`.
 */
export function pythonQueryString(params: Readonly<Record<string, PyValue>>): string {
  const search = new URLSearchParams();
  const put = (key: string, value: PyValue): void => {
    if (value === null || value === undefined) return;
    if (typeof value === "boolean") search.append(key, value ? "True" : "False");
    else if (typeof value === "object") throw new Error(`requests cannot put a nested message in a query string (${key})`);
    else search.append(key, String(value));
  };
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const item of value) put(key, item as PyValue);
    else put(key, value as PyValue);
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

/**
 * The transport of MLflow's Python client, replayed: `call_endpoint` (rest_utils.py) sends GET
 * fields in the query string and everything else as a JSON body with
 * `Content-Type: application/json` (requests' `json=`), and treats any status other than 200 as an
 * error whose JSON body carries `error_code`. `artifact*` calls are the artifact repositories' raw
 * HTTP (http_artifact_repo.py). Every request is recorded in `sent`.
 */
export class PythonClient {
  readonly sent: SentRequest[] = [];

  constructor(readonly baseUrl: string) {}

  /** `call_endpoint(host_creds, endpoint, method, json_body, ...)`; `endpoint` starts with `/api/...`. */
  call(method: "GET" | "POST" | "PATCH" | "DELETE", endpoint: string, body: Readonly<Record<string, PyValue>> = {}): Promise<PyResponse> {
    if (method === "GET") return this.request("GET", endpoint + pythonQueryString(body));
    return this.request(method, endpoint, JSON.stringify(body), { "Content-Type": "application/json" });
  }

  /** Tracking call under `/api/2.0/mlflow/`. */
  mlflow(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body: Readonly<Record<string, PyValue>> = {}): Promise<PyResponse> {
    return this.call(method, `/api/2.0/mlflow/${path}`, body);
  }

  /** Any request to a path under the server root (artifact PUT/GET, probes). */
  async request(
    method: string,
    path: string,
    body?: string | Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<PyResponse> {
    this.sent.push({ method, url: path, ...(typeof body === "string" ? { body } : {}) });
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { "User-Agent": "mlflow-python-client/3.3.0", ...headers },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    let parsed: Json;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  }
}

/** A server as MLflow's `mlflow server` runs by default (artifact proxying on), on SQLite in a temp folder. */
export interface CompatServer {
  readonly url: string;
  readonly dir: string;
  readonly client: PythonClient;
  close(): Promise<void>;
}

/**
 * Starts a real server on port 0 with proxied artifacts under a temp folder, on SQLite in that
 * folder, or on a fresh PostgreSQL database when `SEXTANT_COMPAT_BACKEND=postgresql` (to replay
 * the same sequences against the other dialect).
 */
export async function startCompatServer(): Promise<CompatServer> {
  const dir = await mkdtemp(join(tmpdir(), "sextant-compat-"));
  const postgres = process.env.SEXTANT_COMPAT_BACKEND === "postgresql" ? await createTestDatabase() : undefined;
  const server = await startServer({
    backendStoreUri: postgres?.url ?? `sqlite:///${join(dir, "mlflow.db")}`,
    artifactsDestination: join(dir, "artifacts"),
    host: "127.0.0.1",
    port: 0,
    logger: false,
  });
  return {
    url: server.url,
    dir,
    client: new PythonClient(server.url),
    async close() {
      await server.close();
      await postgres?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `mlflow.utils.time.get_current_time_millis()` as the client sends it in a (old-style) int64 string. */
export const int64 = (n: number): string => String(n);
