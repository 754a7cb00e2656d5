import { MlflowError } from "@sextant/protocol";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";
import { parseTrackingUri } from "./tracking-uri.js";

/** Environment variables the SDK reads; tests pass their own instead of `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How to reach and authenticate to a tracking server. */
export interface ClientOptions {
  /** `http(s)://host:port`; defaults to `MLFLOW_TRACKING_URI`. */
  readonly trackingUri?: string;
  /** Basic auth; defaults to `MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD`. */
  readonly username?: string;
  readonly password?: string;
  /** Bearer token; defaults to `MLFLOW_TRACKING_TOKEN`. Wins over basic auth. */
  readonly token?: string;
  /** Retry budget for transient failures; `SEXTANT_HTTP_RETRY_TIMEOUT` (seconds) sets `timeoutMs`. */
  readonly retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout of JSON requests; defaults to `MLFLOW_HTTP_REQUEST_TIMEOUT` seconds, else 120 s. */
  readonly requestTimeoutMs?: number;
  /** Where to read the variables above; defaults to `process.env`. */
  readonly env?: Environment;
}

/** Everything the HTTP layer needs, resolved from options and environment. */
export interface ResolvedConnection {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly retry: RetryPolicy;
  readonly requestTimeoutMs: number;
}

const USER_AGENT = "sextant-ts-sdk/0.1.0";

function seconds(env: Environment, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw MlflowError.invalidParameter(`${name} must be a number of seconds >= 0, got '${raw}'`);
  }
  return value * 1000;
}

/**
 * Resolves options plus environment into a connection. INVALID_PARAMETER_VALUE when there
 * is no tracking URI, when it is not http(s), when a timeout variable is not a number, or
 * when `MLFLOW_TRACKING_INSECURE_TLS=true` is asked for an https server: Node's fetch has no
 * per-request switch for it, so the process must opt in with NODE_TLS_REJECT_UNAUTHORIZED=0
 * (or, better, trust the server's CA with NODE_EXTRA_CA_CERTS).
 */
export function resolveConnection(options: ClientOptions = {}): ResolvedConnection {
  const env = options.env ?? process.env;
  const uri = options.trackingUri ?? env.MLFLOW_TRACKING_URI;
  if (uri === undefined || uri.trim() === "") {
    throw MlflowError.invalidParameter(
      "No tracking URI: set MLFLOW_TRACKING_URI=http://<host>:<port>, call setTrackingUri(), or run the script under `sextant run`",
    );
  }
  const server = parseTrackingUri(uri);
  const insecure = (env.MLFLOW_TRACKING_INSECURE_TLS ?? "").toLowerCase() === "true";
  if (insecure && server.baseUrl.startsWith("https:") && env.NODE_TLS_REJECT_UNAUTHORIZED !== "0") {
    throw MlflowError.invalidParameter(
      "MLFLOW_TRACKING_INSECURE_TLS=true is not supported by the Sextant SDK (Node's fetch cannot skip " +
        "certificate checks per request): set NODE_EXTRA_CA_CERTS=<server-ca.pem>, or NODE_TLS_REJECT_UNAUTHORIZED=0 for the whole process",
    );
  }
  const headers: Record<string, string> = { "User-Agent": USER_AGENT };
  const token = options.token ?? env.MLFLOW_TRACKING_TOKEN;
  const username = options.username ?? env.MLFLOW_TRACKING_USERNAME ?? server.username;
  const password = options.password ?? env.MLFLOW_TRACKING_PASSWORD ?? server.password;
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  } else if (username !== undefined && password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
  }
  const envRetryTimeout = seconds(env, "SEXTANT_HTTP_RETRY_TIMEOUT");
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(envRetryTimeout !== undefined ? { timeoutMs: envRetryTimeout } : {}),
    ...options.retry,
  };
  const requestTimeoutMs = options.requestTimeoutMs ?? seconds(env, "MLFLOW_HTTP_REQUEST_TIMEOUT") ?? 120_000;
  return { baseUrl: server.baseUrl, headers, retry, requestTimeoutMs };
}
