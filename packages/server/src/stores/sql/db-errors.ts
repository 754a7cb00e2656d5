import { isMlflowError, MlflowError } from "@sextant/protocol";

interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
}

function codeOf(error: unknown): string {
  return typeof error === "object" && error !== null ? String((error as DriverError).code ?? "") : "";
}

/** True for a unique / primary-key violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** True for a foreign-key violation (a row referring to a missing parent) on either dialect. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

/** True when the database asks the caller to retry (lock timeout, deadlock, serialization). */
function isTransient(error: unknown): boolean {
  const code = codeOf(error);
  return code === "40P01" || code === "40001" || code === "55P03" || code.startsWith("SQLITE_BUSY");
}

/**
 * Turns anything a driver throws into the one error type that crosses layers:
 * MlflowError passes through; unique violation -> RESOURCE_ALREADY_EXISTS; foreign-key
 * violation -> RESOURCE_DOES_NOT_EXIST; lock contention -> TEMPORARILY_UNAVAILABLE;
 * anything else -> INTERNAL_ERROR. The driver error is kept as `cause`.
 */
export function toMlflowError(error: unknown): MlflowError {
  if (isMlflowError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (isUniqueViolation(error)) {
    return new MlflowError("RESOURCE_ALREADY_EXISTS", `Resource already exists: ${detail}`, { cause: error });
  }
  if (isForeignKeyViolation(error)) {
    return new MlflowError("RESOURCE_DOES_NOT_EXIST", `Referenced resource does not exist: ${detail}`, {
      cause: error,
    });
  }
  if (isTransient(error)) {
    return new MlflowError("TEMPORARILY_UNAVAILABLE", `Tracking database is busy, retry: ${detail}`, {
      cause: error,
    });
  }
  return new MlflowError("INTERNAL_ERROR", `Tracking database error: ${detail}`, { cause: error });
}
