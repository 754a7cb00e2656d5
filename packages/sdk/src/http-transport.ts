import { MlflowError } from "@sextant/protocol";
import type { ResolvedConnection } from "./client-options.js";
import { isRestError, RestError } from "./rest-error.js";
import { type RetryOutcome, withRetries } from "./retry-policy.js";
import { decodeWireJson, encodeWireJson } from "./wire-json.js";

/** What fetch accepts as a body. */
export type RequestBody = NonNullable<RequestInit["body"]>;

/** A request body that can be produced again for each attempt (a stream is single-use). */
export type BodySource = () => RequestBody | Promise<RequestBody>;

/** A raw request: used for artifact uploads and downloads. */
export interface RawRequest {
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH";
  /** Absolute URL, or a path resolved against the server's base URL. */
  readonly url: string;
  readonly body?: BodySource;
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-attempt timeout; none by default for raw transfers (large files take time). */
  readonly timeoutMs?: number;
}

/** A failure to get any HTTP answer at all (refused, reset, DNS, timeout). */
class NetworkFailure extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(describeNetworkCause(cause), { cause });
    this.name = "NetworkFailure";
  }
}

function describeNetworkCause(cause: unknown): string {
  if (cause instanceof Error) {
    if (cause.name === "TimeoutError") return "the request timed out";
    const inner = (cause as { cause?: unknown }).cause;
    if (inner instanceof Error) {
      const code = (inner as { code?: unknown }).code;
      return typeof code === "string" ? `${code}: ${inner.message}` : inner.message;
    }
    return cause.message;
  }
  return String(cause);
}

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "ENDPOINT_NOT_FOUND",
  409: "RESOURCE_CONFLICT",
  429: "REQUEST_LIMIT_EXCEEDED",
  501: "NOT_IMPLEMENTED",
  503: "TEMPORARILY_UNAVAILABLE",
};

/** Turns a non-2xx answer into a RestError, reading MLflow's `{error_code, message}` if present. */
async function restErrorFrom(response: Response, method: string, url: string): Promise<RestError> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof body.error_code === "string") {
      const message = typeof body.message === "string" ? body.message : `${body.error_code} (no message)`;
      return new RestError(body.error_code, message, response.status);
    }
  } catch {
    // not JSON: a proxy or a crashed server answered; describe what came back
  }
  const code = CODE_BY_STATUS[response.status] ?? (response.status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return new RestError(
    code,
    `${method} ${url} answered HTTP ${response.status}${snippet ? `: ${snippet}` : ""}`,
    response.status,
  );
}

/**
 * The SDK's one door to the network: adds auth headers, retries transient failures within
 * the connection's retry budget, and turns answers into values or errors. A server error is
 * a RestError; no answer at all (after retries) is TEMPORARILY_UNAVAILABLE naming the URL.
 */
export class HttpTransport {
  constructor(private readonly connection: ResolvedConnection) {}

  /** The server's base URL, e.g. `http://127.0.0.1:5000`. */
  get baseUrl(): string {
    return this.connection.baseUrl;
  }

  /** Headers (auth, user agent) every request to this server carries. */
  get headers(): Readonly<Record<string, string>> {
    return this.connection.headers;
  }

  /**
   * Sends a JSON request to `path` (e.g. `/api/2.0/mlflow/runs/get?run_id=…`) and parses the
   * JSON answer. RestError for error answers; MlflowError TEMPORARILY_UNAVAILABLE when the
   * server cannot be reached within the retry budget.
   */
  async json(method: RawRequest["method"], path: string, body?: unknown): Promise<unknown> {
    const text = body === undefined ? undefined : encodeWireJson(body);
    const response = await this.send({
      method,
      url: path,
      timeoutMs: this.connection.requestTimeoutMs,
      ...(text !== undefined ? { body: () => text, headers: { "Content-Type": "application/json" } } : {}),
    });
    const answer = await response.text();
    return answer.trim() === "" ? {} : decodeWireJson(answer);
  }

  /**
   * Sends a raw request and returns the (2xx) response with its body unread. The body
   * factory is called once per attempt. Errors as `json`.
   */
  async send(request: RawRequest): Promise<Response> {
    const url = request.url.startsWith("/") ? this.connection.baseUrl + request.url : request.url;
    const attempt = async (): Promise<Response> => {
      const body = request.body ? await request.body() : undefined;
      const init: RequestInit = {
        method: request.method,
        headers: { ...this.connection.headers, ...request.headers },
        ...(body !== undefined ? { body, duplex: "half" } : {}),
        ...(request.timeoutMs ? { signal: AbortSignal.timeout(request.timeoutMs) } : {}),
      };
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (cause) {
        throw new NetworkFailure(url, cause);
      }
      if (!response.ok) throw await restErrorFrom(response, request.method, url);
      return response;
    };
    return withRetries(attempt, this.connection.retry, isTransientFailure, (error, outcome) =>
      giveUpError(error, outcome, request.method, url),
    );
  }
}

function isTransientFailure(error: unknown): boolean {
  return error instanceof NetworkFailure || (isRestError(error) && error.retryable);
}

function giveUpError(error: unknown, outcome: RetryOutcome, method: string, url: string): unknown {
  if (!(error instanceof NetworkFailure)) return error;
  const tries = outcome.attempts === 1 ? "" : ` (${outcome.attempts} attempts over ${(outcome.elapsedMs / 1000).toFixed(1)} s)`;
  return new MlflowError(
    "TEMPORARILY_UNAVAILABLE",
    `Could not reach the tracking server: ${method} ${url} failed with ${error.message}${tries}. ` +
      "Check that the server is running and MLFLOW_TRACKING_URI points at it.",
    { cause: error.cause },
  );
}
