import type { FastifyReply, FastifyRequest } from "fastify";
import { MlflowError } from "@sextant/protocol";
import type { ArtifactReadResult } from "./artifact-store.js";
import { artifactBaseName } from "./artifact-path.js";
import { attachmentDisposition, guessContentType } from "./content-type.js";

/** Largest JSON body the mpu routes read. */
const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The first value of a query-string parameter, if present. */
export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The still-encoded artifact path after `marker` in the request's raw URL (the wildcard part
 * of `/mlflow-artifacts/artifacts/<path>`), so that every decoding step happens in
 * `normalizeArtifactPath`, where it is checked.
 */
export function rawPathAfter(request: FastifyRequest, marker: string): string {
  const url = request.raw.url ?? "";
  const query = url.indexOf("?");
  const pathname = query < 0 ? url : url.slice(0, query);
  const at = pathname.indexOf(marker);
  return at < 0 ? "" : pathname.slice(at + marker.length);
}

/** The request's declared body size, when it sent a Content-Length. */
export function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers["content-length"];
  if (header === undefined) return undefined;
  const size = Number(header);
  if (!Number.isSafeInteger(size) || size < 0) throw MlflowError.invalidParameter(`Invalid Content-Length '${header}'.`);
  return size;
}

/**
 * Reads and parses a small JSON body from the raw request stream (the artifact routes take
 * bodies unparsed). An empty body is `{}`; malformed JSON is INVALID_PARAMETER_VALUE (400), as on the tracking routes.
 */
export async function readJsonBody(request: FastifyRequest): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) throw MlflowError.invalidParameter(`Request body exceeds ${MAX_JSON_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    if (typeof parsed === "string") parsed = JSON.parse(parsed); // older clients double-encode
  } catch (error) {
    throw new MlflowError("INVALID_PARAMETER_VALUE", `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new MlflowError("INVALID_PARAMETER_VALUE", "Request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/**
 * Streams an artifact as a download, as MLflow sends them: always as an attachment (so the
 * browser never renders it on the server's origin), its type guessed from the name, nosniff.
 */
export function sendArtifact(reply: FastifyReply, path: string, artifact: ArtifactReadResult): FastifyReply {
  return reply
    .header("Content-Type", guessContentType(path))
    .header("Content-Length", String(artifact.size))
    .header("Content-Disposition", attachmentDisposition(artifactBaseName(path)))
    .header("X-Content-Type-Options", "nosniff")
    .send(artifact.body);
}

/** MLflow's 503 plain-text answer for an endpoint switched off by a server flag. */
export function sendDisabled(reply: FastifyReply, route: string, flag: "no-serve-artifacts" | "artifacts-only"): FastifyReply {
  const text =
    flag === "no-serve-artifacts"
      ? `Endpoint: ${route} disabled due to the mlflow server running with \`--no-serve-artifacts\`. ` +
        "To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`"
      : `Endpoint: ${route} disabled due to the mlflow server running in \`--artifacts-only\` mode. ` +
        "To enable tracking server functionality, run `mlflow server` without `--artifacts-only`";
  return reply.code(503).type("text/plain; charset=utf-8").send(text);
}
