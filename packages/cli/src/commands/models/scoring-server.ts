import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isMlflowError, MLFLOW_COMPATIBLE_VERSION, MlflowError } from "@sextant/protocol";
import { type LoadedModel, parseScoringCsv, parseScoringJson } from "@sextant/sdk";

/** Largest request body `/invocations` reads (MLflow's scoring server has no smaller cap). */
export const MAX_SCORING_BODY_BYTES = 50 * 1024 * 1024;

/** Options of `startScoringServer`. */
export interface ScoringServerOptions {
  readonly model: LoadedModel;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/** A listening scoring server. */
export interface ScoringServer {
  readonly url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: string, type = "application/json"): void {
  response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  send(response, status, JSON.stringify({ error_code: code, message }));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_SCORING_BODY_BYTES) throw new MlflowError("REQUEST_LIMIT_EXCEEDED", `Request bodies are limited to ${MAX_SCORING_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function invocations(model: LoadedModel, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && type !== "text/csv") {
    sendError(
      response,
      415,
      "BAD_REQUEST",
      `Content type must be one of application/json or text/csv. Got '${type || "(none)"}'.`,
    );
    return;
  }
  const text = await readBody(request);
  let frame: ReturnType<typeof parseScoringJson>;
  if (type === "text/csv") {
    frame = parseScoringCsv(text);
  } else {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new MlflowError("BAD_REQUEST", `Invalid input. Ensure that input is a valid JSON formatted string. Error: ${(error as Error).message}`);
    }
    frame = parseScoringJson(body);
  }
  const predictions = await model.predict(frame);
  send(response, 200, JSON.stringify({ predictions }));
}

/**
 * Serves a loaded model with MLflow's scoring protocol: `POST /invocations` with JSON
 * (`dataframe_split`, `dataframe_records`, `instances` or `inputs`) or CSV (`text/csv`),
 * answering `{"predictions": [...]}`; `GET /ping` and `/health` (200 when the model is
 * loaded), `GET /version`. Bad input (including schema errors naming the column) is 400
 * `{"error_code": "BAD_REQUEST", "message"}`, an unsupported content type 415, anything
 * else 500. Listens on `port` (0: a free one); RESOURCE_CONFLICT when the port is taken.
 */
export async function startScoringServer(options: ScoringServerOptions): Promise<ScoringServer> {
  const { model } = options;
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const route = `${request.method} ${path}`;
    if (route === "GET /ping" || route === "GET /health") return send(response, 200, "\n", "application/json");
    if (route === "GET /version") return send(response, 200, MLFLOW_COMPATIBLE_VERSION, "text/plain; charset=utf-8");
    if (route !== "POST /invocations") {
      return sendError(response, 404, "ENDPOINT_NOT_FOUND", `No endpoint ${route}: use POST /invocations, GET /ping, /health or /version.`);
    }
    invocations(model, request, response).catch((error: unknown) => {
      if (isMlflowError(error)) {
        const status = error.code === "REQUEST_LIMIT_EXCEEDED" ? 413 : error.httpStatus >= 500 ? 500 : 400;
        return sendError(response, status, error.code === "INVALID_PARAMETER_VALUE" ? "BAD_REQUEST" : error.code, error.message);
      }
      console.error(error);
      sendError(response, 500, "INTERNAL_ERROR", "The model failed to predict; see the server log.");
    });
  });
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new MlflowError("RESOURCE_CONFLICT", `Port ${options.port} on ${host} is already in use: choose another with -p/--port.`)
          : error,
      );
    };
    server.once("error", onError);
    server.listen(options.port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
