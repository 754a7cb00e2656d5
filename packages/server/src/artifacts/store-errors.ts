import { isMlflowError, MlflowError } from "@sextant/protocol";

/** Node's error code of a system error, if it is one. */
export function systemErrorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** RESOURCE_DOES_NOT_EXIST for the artifact `path`. */
export function artifactNotFound(path: string, cause?: unknown): MlflowError {
  return new MlflowError("RESOURCE_DOES_NOT_EXIST", `Artifact '${path}' does not exist.`, { cause });
}

/**
 * Passes MlflowErrors through and wraps anything else as INTERNAL_ERROR saying what failed,
 * keeping the original as `cause` (it is logged, never sent to clients).
 */
export function asStoreError(action: string, error: unknown): MlflowError {
  if (isMlflowError(error)) return error;
  // A system error's message names local paths; its code says enough.
  const detail = systemErrorCode(error) ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  return new MlflowError("INTERNAL_ERROR", `${action} failed: ${detail}`, { cause: error });
}
