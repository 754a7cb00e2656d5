import { MlflowError } from "@sextant/protocol";

/** MLflow's column types (mlflow.types.DataType). */
export type ColumnType = "double" | "float" | "long" | "integer" | "boolean" | "string" | "binary" | "datetime";

const COLUMN_TYPES: readonly ColumnType[] = ["double", "float", "long", "integer", "boolean", "string", "binary", "datetime"];

/** One column of a signature (mlflow.types.ColSpec). */
export interface ColumnSpec {
  readonly name?: string;
  readonly type: ColumnType;
  /** Default true, as in MLflow. */
  readonly required?: boolean;
}

/** A model's input and output schema (mlflow.models.ModelSignature, column-based). */
export interface ModelSignature {
  readonly inputs: readonly ColumnSpec[];
  readonly outputs?: readonly ColumnSpec[];
}

/** The signature as MLmodel stores it: each schema a JSON string. */
export interface SignatureSection {
  readonly inputs: string;
  readonly outputs?: string;
  readonly params?: null;
}

/** Signature -> MLmodel's `signature` section. */
export function signatureToMlmodel(signature: ModelSignature): SignatureSection {
  const columns = (specs: readonly ColumnSpec[]) =>
    JSON.stringify(specs.map((s) => ({ type: s.type, ...(s.name === undefined ? {} : { name: s.name }), required: s.required ?? true })));
  return {
    inputs: columns(signature.inputs),
    ...(signature.outputs ? { outputs: columns(signature.outputs) } : {}),
    params: null,
  };
}

function readColumns(text: unknown, where: string): ColumnSpec[] {
  let parsed: unknown = text;
  if (typeof text === "string") {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw MlflowError.invalidParameter(`The MLmodel signature's ${where} is not valid JSON.`);
    }
  }
  if (!Array.isArray(parsed)) throw MlflowError.invalidParameter(`The MLmodel signature's ${where} must be a list of columns.`);
  return parsed.map((col, i) => {
    const spec = col as { name?: unknown; type?: unknown; required?: unknown };
    if (typeof spec.type !== "string" || !COLUMN_TYPES.includes(spec.type as ColumnType)) {
      throw MlflowError.invalidParameter(
        `The MLmodel signature's ${where}[${i}] has type '${String(spec.type)}'; column signatures use ${COLUMN_TYPES.join(", ")}.`,
      );
    }
    return {
      type: spec.type as ColumnType,
      ...(typeof spec.name === "string" ? { name: spec.name } : {}),
      required: spec.required !== false,
    };
  });
}

/** MLmodel's `signature` section -> Signature (undefined when absent). INVALID_PARAMETER_VALUE when malformed. */
export function signatureFromMlmodel(section: unknown): ModelSignature | undefined {
  if (section === undefined || section === null) return undefined;
  const s = section as { inputs?: unknown; outputs?: unknown };
  if (s.inputs === undefined || s.inputs === null) return undefined;
  const inputs = readColumns(s.inputs, "inputs");
  return s.outputs === undefined || s.outputs === null ? { inputs } : { inputs, outputs: readColumns(s.outputs, "outputs") };
}
