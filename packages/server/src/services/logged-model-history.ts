import { MlflowError } from "@sextant/protocol";

/** The run tag where MLflow 2.x keeps the models logged to a run (a JSON list). */
export const LOGGED_MODELS_TAG = "mlflow.log-model.history";

const MANDATORY_FIELDS = ["artifact_path", "flavors", "utc_time_created", "run_id"] as const;
/** Bulky fields MLflow leaves out of the history tag (they live in the MLmodel file). */
const OMITTED_FIELDS = new Set(["signature", "saved_input_example_info"]);

/**
 * Parses log-model's `model_json` (an MLmodel as JSON) and returns the entry MLflow appends to
 * the run's model history. Throws INVALID_PARAMETER_VALUE when it is not a JSON object or lacks
 * `artifact_path`, `flavors`, `utc_time_created` or `run_id`.
 */
export function modelHistoryEntry(modelJson: string): Readonly<Record<string, unknown>> {
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    throw MlflowError.invalidParameter(`Malformed model info. \n ${modelJson.slice(0, 500)} \n is not a valid JSON.`);
  }
  if (typeof model !== "object" || model === null || Array.isArray(model)) {
    throw MlflowError.invalidParameter("Malformed model info: 'model_json' must be a JSON object.");
  }
  const missing = MANDATORY_FIELDS.filter((f) => !(f in model));
  if (missing.length > 0) {
    throw MlflowError.invalidParameter(`Model json is missing mandatory fields: ${missing.join(", ")}`);
  }
  return Object.fromEntries(Object.entries(model).filter(([k]) => !OMITTED_FIELDS.has(k)));
}

/** The history tag's new value: the previous JSON list (if any, and valid) plus `entry`. */
export function appendModelHistory(previous: string | undefined, entry: Readonly<Record<string, unknown>>): string {
  let history: unknown[] = [];
  if (previous !== undefined) {
    try {
      const parsed: unknown = JSON.parse(previous);
      if (Array.isArray(parsed)) history = parsed;
    } catch {
      // A corrupt history is replaced rather than blocking every later log-model.
    }
  }
  return JSON.stringify([...history, entry]);
}
