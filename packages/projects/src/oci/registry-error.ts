import { type ErrorCode, MlflowError } from "@sextant/protocol";

/** The error code for a registry's HTTP status. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "RESOURCE_DOES_NOT_EXIST";
  if (status === 429) return "REQUEST_LIMIT_EXCEEDED";
  if (status === 400 || status === 405 || status === 413 || status === 416) return "BAD_REQUEST";
  if (status >= 500) return "TEMPORARILY_UNAVAILABLE";
  return "INTERNAL_ERROR";
}

/**
 * Turns a failed registry response into an MlflowError whose message names the registry,
 * the operation and the registry's own error codes (`MANIFEST_UNKNOWN`, `DENIED`, ...), and
 * says what to do for the usual causes. Reads (and so consumes) the response body.
 * 401 -> UNAUTHENTICATED, 403 -> PERMISSION_DENIED, 404 -> RESOURCE_DOES_NOT_EXIST,
 * 429 -> REQUEST_LIMIT_EXCEEDED, 5xx -> TEMPORARILY_UNAVAILABLE, other 4xx -> BAD_REQUEST.
 */
export async function registryError(host: string, operation: string, response: Response): Promise<MlflowError> {
  const text = await response.text().catch(() => "");
  let detail = text.trim().slice(0, 300);
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      detail = body.errors.map((e) => [e.code, e.message].filter(Boolean).join(" ")).join("; ");
    }
  } catch {
    // not JSON: keep the text
  }
  const hint =
    response.status === 401
      ? ": log in with `docker login " + host + "` (Sextant reads ~/.docker/config.json or $DOCKER_CONFIG/config.json)"
      : response.status === 403
        ? ": the credentials in the Docker config are not allowed to do this"
        : "";
  return new MlflowError(
    codeForStatus(response.status),
    `Registry ${host}: ${operation} failed with HTTP ${response.status}${detail ? ` (${detail})` : ""}${hint}`,
  );
}

/** An MlflowError for a registry that could not be reached at all. TEMPORARILY_UNAVAILABLE. */
export function registryUnreachable(host: string, url: string, cause: unknown): MlflowError {
  const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  const scheme = url.startsWith("https:")
    ? " (reached over HTTPS; a plain-HTTP registry must be listed in the backend config's insecure-registries)"
    : "";
  return new MlflowError("TEMPORARILY_UNAVAILABLE", `Cannot reach registry ${host} at ${url}: ${reason}${scheme}`, { cause });
}
