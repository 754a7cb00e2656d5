import { existsSync } from "node:fs";
import { resolveTrackingTarget, type TrackingTarget } from "@sextant/projects";
import { type ErrorCode, MlflowError } from "@sextant/protocol";
import { requireReachable } from "./require-reachable.js";
import { serveTrackingTarget } from "./serve-tracking-target.js";

/** A tracking server to talk to over HTTP, and how to let go of it. */
export interface TrackingConnection {
  /** `http(s)://host:port` without a trailing slash. */
  readonly baseUrl: string;
  /** What to give an SDK client: MLFLOW_TRACKING_URI as set (credentials too), or the in-process server's URL. */
  readonly trackingUri: string;
  /** Headers every request carries (credentials from MLFLOW_TRACKING_TOKEN / _USERNAME / _PASSWORD). */
  readonly headers: Readonly<Record<string, string>>;
  /** Sends a request to the server, answering MLflow error bodies with MlflowError. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

function authHeaders(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
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

function connection(baseUrl: string, trackingUri: string, headers: Record<string, string>, close: () => Promise<void>): TrackingConnection {
  return {
    baseUrl,
    trackingUri,
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

type EmbeddedTarget = Extract<TrackingTarget, { kind: "embedded" }>;

/** How `connectTracking` treats a local store that holds no tracking data yet. */
export interface ConnectTrackingOptions {
  /**
   * For commands that read or change what is already tracked (a run, a registered model):
   * fail in one line when the local SQLite database does not exist, instead of creating an
   * empty one (and ./mlruns) only to answer "not found".
   */
  readonly requireTrackedData?: boolean;
}

/**
 * Connects to where MLFLOW_TRACKING_URI points, the same way `sextant run` tracks
 * (`resolveTrackingTarget` + `serveTrackingTarget`):
 * - `http(s)://...`: that server, checked to answer (credentials in the URI or in
 *   MLFLOW_TRACKING_TOKEN / _USERNAME / _PASSWORD are sent with each request);
 * - unset: ./mlruns of `cwd` (SQLite `mlflow.db` + `artifacts/`), served in-process on a
 *   loopback port; a folder, a `file:` URI, or a `sqlite:`/`postgresql:` URI the same way.
 * Throws INVALID_PARAMETER_VALUE for `databricks` and other unsupported schemes,
 * TEMPORARILY_UNAVAILABLE when the server does not answer, RESOURCE_DOES_NOT_EXIST when
 * `requireTrackedData` is set and the SQLite database is missing, and what `startServer`
 * throws for a store it cannot open.
 */
export async function connectTracking(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  options: ConnectTrackingOptions = {},
): Promise<TrackingConnection> {
  const target = resolveTrackingTarget(env.MLFLOW_TRACKING_URI, cwd);
  if (target.kind === "server") {
    await requireReachable(target.uri);
    const url = new URL(target.uri);
    // fetch refuses URLs with credentials: send `http://user:pass@host` ones as basic auth.
    const fromUri =
      url.username && url.password
        ? { MLFLOW_TRACKING_USERNAME: decodeURIComponent(url.username), MLFLOW_TRACKING_PASSWORD: decodeURIComponent(url.password) }
        : {};
    url.username = "";
    url.password = "";
    return connection(url.toString().replace(/\/+$/, ""), target.uri, authHeaders({ ...fromUri, ...env }), async () => {});
  }
  const local = await withAbsoluteDatabase(target, cwd);
  if (options.requireTrackedData && local.database !== undefined && !existsSync(local.database)) {
    throw nothingTracked(local.target, local.database, env.MLFLOW_TRACKING_URI);
  }
  const served = await serveTrackingTarget(local.target);
  const server = served.server;
  return connection(served.trackingUri, served.trackingUri, {}, async () => server?.close());
}

/**
 * The embedded target with its SQLite file (if the store is SQLite) resolved against `cwd`
 * rather than the process's directory, so the check and the server look at the same file.
 */
async function withAbsoluteDatabase(target: EmbeddedTarget, cwd: string): Promise<{ target: EmbeddedTarget; database?: string }> {
  if (!/^sqlite(\+[a-z0-9_]+)?:/i.test(target.backendStoreUri)) return { target };
  const { sqlitePathFromUri } = await import("@sextant/server");
  const database = sqlitePathFromUri(target.backendStoreUri, cwd);
  if (database === ":memory:") return { target };
  const query = /[?#].*$/.exec(target.backendStoreUri)?.[0] ?? "";
  return { target: { ...target, backendStoreUri: `sqlite:///${database}${query}` }, database };
}

function nothingTracked(target: EmbeddedTarget, database: string, uri: string | undefined): MlflowError {
  const server = "set MLFLOW_TRACKING_URI to your tracking server (e.g. http://localhost:5000)";
  return new MlflowError(
    "RESOURCE_DOES_NOT_EXIST",
    target.isDefault
      ? `Nothing is tracked here yet (${database} does not exist): run this from the folder holding ./mlruns, track a run first with \`sextant run\`, or ${server}.`
      : `Nothing is tracked in ${database} yet (MLFLOW_TRACKING_URI '${uri?.trim()}'): check the path, or ${server}.`,
  );
}
