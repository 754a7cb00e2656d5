/**
 * An error answer from the server, carrying MLflow's `error_code` (for example
 * INVALID_PARAMETER_VALUE for a bad search filter, ENDPOINT_NOT_FOUND when a feature such as
 * the model registry is not served) and the server's message, shown to the user verbatim.
 */
export class ApiError extends Error {
  readonly errorCode: string;
  readonly status: number;

  constructor(errorCode: string, message: string, status: number) {
    super(message);
    this.name = "ApiError";
    this.errorCode = errorCode;
    this.status = status;
  }
}

/** A one-line text for any thrown value, for showing in the page. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message || err.errorCode;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** True for an aborted fetch, which views ignore (the user navigated away). */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}
