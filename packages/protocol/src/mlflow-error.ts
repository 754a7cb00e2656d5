import { type ErrorCode, httpStatusFor } from "./error-codes.js";

/**
 * The one error type that crosses layers. The HTTP layer turns it into
 * `{"error_code", "message"}` with the status MLflow uses for `code`.
 */
export class MlflowError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MlflowError";
    this.code = code;
  }

  /** HTTP status for this error, as MLflow's server maps it. */
  get httpStatus(): number {
    return httpStatusFor(this.code);
  }

  /** The JSON body MLflow sends for an error. */
  toJSON(): { error_code: ErrorCode; message: string } {
    return { error_code: this.code, message: this.message };
  }

  static invalidParameter(message: string): MlflowError {
    return new MlflowError("INVALID_PARAMETER_VALUE", message);
  }

  static notFound(message: string): MlflowError {
    return new MlflowError("RESOURCE_DOES_NOT_EXIST", message);
  }

  static alreadyExists(message: string): MlflowError {
    return new MlflowError("RESOURCE_ALREADY_EXISTS", message);
  }
}

/** True when `value` is an MlflowError (also across duplicated module instances). */
export function isMlflowError(value: unknown): value is MlflowError {
  return value instanceof MlflowError || (value instanceof Error && value.name === "MlflowError" && "code" in value);
}
