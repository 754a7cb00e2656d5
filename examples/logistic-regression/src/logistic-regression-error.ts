/** Stable codes for every failure of the logistic-regression example. */
export type LogisticRegressionErrorCode =
  | "INVALID_OPTION"
  | "INVALID_FEATURES"
  | "INVALID_LABELS"
  | "INVALID_MODEL_JSON"
  | "MALFORMED_DATASET"
  | "DIVERGED";

/**
 * The one error type thrown by this example's model, serialisation and dataset code.
 * `code` is stable for programs; `message` says what was wrong and where, in one line.
 */
export class LogisticRegressionError extends Error {
  override readonly name = "LogisticRegressionError";
  readonly code: LogisticRegressionErrorCode;

  constructor(code: LogisticRegressionErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
