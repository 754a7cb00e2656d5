/**
 * An error answered by the tracking server: MLflow's `{"error_code", "message"}` body,
 * with the HTTP status it came with. Thrown by every SDK call that reached the server and
 * was refused (4xx), or kept failing (5xx/429) until the retry budget ran out.
 */
export class RestError extends Error {
  /** MLflow's error code, e.g. `RESOURCE_DOES_NOT_EXIST` or `INVALID_PARAMETER_VALUE`. */
  readonly errorCode: string;
  /** The HTTP status of the answer. */
  readonly httpStatus: number;

  constructor(errorCode: string, message: string, httpStatus: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RestError";
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
  }

  /** True for answers worth retrying: 408, 429 and 5xx except 501 (MLflow's transient set). */
  get retryable(): boolean {
    return isTransientStatus(this.httpStatus);
  }
}

/** True when `value` is a RestError (also across duplicated module instances). */
export function isRestError(value: unknown): value is RestError {
  return value instanceof RestError || (value instanceof Error && value.name === "RestError" && "errorCode" in value);
}

/** HTTP statuses that mean "try again later" rather than "your request is wrong". */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501);
}
