import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type ErrorCode, MlflowError } from "@sextant/protocol";
import { startServer } from "@sextant/server";

/** A tracking server to talk to over HTTP, and how to let go of it. */
export interface TrackingConnection {
  /** `http(s)://host:port` without a trailing slash. */
  readonly baseUrl: string;
  /** Headers every request carries (credentials from MLFLOW_TRACKING_TOKEN / _USERNAME / _PASSWORD). */
  readonly headers: Readonly<Record<string, string>>;
  /** Sends a request to the server, answering MLflow error bodies with MlflowError. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

function authHeaders(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env.MLFLOW_TRACKING_TOKEN) return { authorization: `Bearer ${env.MLFLOW_TRACKING_TOKEN}` };
  if (env.MLFLOW_TRACKING_USERNAME && env.MLFLOW_TRACKING_PASSWORD) {
    const basic = Buffer.from(`${env.MLFLOW_TRACKING_USERNAME}:${env.MLFLOW_TRACKING_PASSWORD}`).toString("base64");
    return { authorization: `Basic ${basic}` };
  }
  return {};
}

/** Turns a non-2xx response into an MlflowError carrying the server's code and message. */
export async function errorFromResponse(response: Response, what: string): Promise<MlflowError> {
  const body = await response.text();
  try {
    const parsed = JSON.parse(body) as { error_code?: string; message?: string };
    if (parsed.error_code) return new MlflowError(parsed.error_code as ErrorCode, parsed.message ?? what);
  } catch {
    // not an MLflow error body
  }
  const detail = body.trim().split("\n")[0]?.slice(0, 300) ?? "";
  return new MlflowError("INTERNAL_ERROR", `${what} failed: HTTP ${response.status}${detail ? ` ${detail}` : ""}`);
}

function connection(baseUrl: string, headers: Record<string, string>, close: () => Promise<void>): TrackingConnection {
  return {
    baseUrl,
    headers,
    async fetch(path, init = {}) {
      const url = /^https?:\/\//.test(path) ? path : `${baseUrl}${path}`;
      let response: Response;
      try {
        response = await fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
      } catch (error) {
        throw new MlflowError(
          "TEMPORARILY_UNAVAILABLE",
          `Cannot reach the tracking server at ${baseUrl} (${(error as Error).cause ?? (error as Error).message}): is it running, and is MLFLOW_TRACKING_URI right?`,
          { cause: error },
        );
      }
      if (!response.ok) throw await errorFromResponse(response, `${init.method ?? "GET"} ${path}`);
      return response;
    },
    close,
  };
}

/**
 * Connects to the tracking server named by MLFLOW_TRACKING_URI, as MLflow's CLI does.
 * - `http(s)://...`: that server.
 * - unset: the embedded default, ./mlruns (SQLite database ./mlruns/mlflow.db and proxied
 *   artifacts in ./mlruns/artifacts), served by an in-process server on a loopback port, as
 *   `sextant ui` and `sextant run` do. INVALID_PARAMETER_VALUE if ./mlruns holds no database.
 * - `sqlite:`/`postgresql:` URIs: an in-process server on that store.
 */
export async function connectTracking(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<TrackingConnection> {
  const uri = env.MLFLOW_TRACKING_URI?.trim();
  if (uri && /^https?:\/\//i.test(uri)) return connection(uri.replace(/\/+$/, ""), authHeaders(env), async () => {});
  const mlruns = join(cwd, "mlruns");
  let backendStoreUri = uri;
  if (!backendStoreUri) {
    const database = join(mlruns, "mlflow.db");
    if (!existsSync(database)) {
      throw MlflowError.invalidParameter(
        `MLFLOW_TRACKING_URI is not set and ${database} does not exist: set MLFLOW_TRACKING_URI to your tracking server (e.g. http://localhost:5000) or run from the folder holding ./mlruns.`,
      );
    }
    backendStoreUri = `sqlite:///${database}`;
  }
  if (!/^(sqlite|postgres|postgresql)(\+[a-z0-9]+)?:/i.test(backendStoreUri)) {
    throw MlflowError.invalidParameter(
      `Unsupported MLFLOW_TRACKING_URI '${backendStoreUri}': use an http(s):// server URL, a sqlite:/// or postgresql:// store, or leave it unset for ./mlruns.`,
    );
  }
  const artifacts = join(mlruns, "artifacts");
  await mkdir(artifacts, { recursive: true });
  const server = await startServer({ backendStoreUri, artifactsDestination: artifacts, host: "127.0.0.1", port: 0, logger: false });
  return connection(server.url, {}, () => server.close());
}
