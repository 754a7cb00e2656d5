import { MlflowError } from "@sextant/protocol";
import type { ColumnSpec, ModelSignature } from "./model-signature.js";

/** A table of rows, as pandas' `split` orientation: column names and row values. */
export interface DataFrame {
  readonly columns: readonly string[];
  readonly data: readonly (readonly unknown[])[];
}

/** What `predict` accepts: a DataFrame, records (`[{x1: 1, x2: 2}]`) or one record. */
export type ModelInput = DataFrame | readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, unknown>>;

function badRequest(message: string): MlflowError {
  return new MlflowError("BAD_REQUEST", message);
}

function isDataFrame(value: unknown): value is DataFrame {
  return typeof value === "object" && value !== null && Array.isArray((value as DataFrame).columns) && Array.isArray((value as DataFrame).data);
}

/** Records (list of objects) -> DataFrame; columns in first-seen order. BAD_REQUEST for a non-object row. */
export function recordsToFrame(records: readonly unknown[]): DataFrame {
  const columns: string[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw badRequest(`Row ${i} of the records is not an object of column values.`);
    }
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  });
  const data = records.map((r) => columns.map((c) => (r as Record<string, unknown>)[c] ?? null));
  return { columns, data };
}

/** Any `ModelInput` as a DataFrame. BAD_REQUEST when it has another shape. */
export function toDataFrame(input: ModelInput | unknown): DataFrame {
  if (isDataFrame(input)) {
    input.data.forEach((row, i) => {
      if (!Array.isArray(row)) throw badRequest(`Row ${i} of 'data' is not a list.`);
      if (row.length !== input.columns.length) {
        throw badRequest(`Row ${i} of 'data' has ${row.length} values but there are ${input.columns.length} columns.`);
      }
    });
    return input;
  }
  if (Array.isArray(input)) return recordsToFrame(input);
  if (typeof input === "object" && input !== null) return recordsToFrame([input]);
  throw badRequest("Model input must be a DataFrame ({columns, data}), a list of records or one record.");
}

/** The columns a signature declares, in order; unnamed ones are positional (`0`, `1`, ...). */
function columnNames(specs: readonly ColumnSpec[]): string[] {
  return specs.map((s, i) => s.name ?? String(i));
}

function convert(value: unknown, spec: ColumnSpec, column: string, row: number): unknown {
  if (value === null || value === undefined) {
    if (spec.required === false) return null;
    throw badRequest(`Column '${column}' is required but row ${row} has no value.`);
  }
  const fail = (): never => {
    throw badRequest(
      `Incompatible input types for column '${column}': expected ${spec.type}, got ${JSON.stringify(value)} in row ${row}.`,
    );
  };
  switch (spec.type) {
    case "double":
    case "float": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
      if (typeof value !== "number" && Number.isNaN(n) && value !== "NaN") fail();
      return n;
    }
    case "long":
    case "integer": {
      const n = typeof value === "number" ? value : typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isInteger(n)) fail();
      return n;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "True") return true;
      if (value === "false" || value === "False") return false;
      return fail();
    default:
      return typeof value === "string" ? value : String(value);
  }
}

/**
 * Checks `frame` against a signature's inputs as MLflow's schema enforcement does: every
 * required column must be present (extra columns are dropped), values are converted to the
 * column's type (numbers from numeric strings too). Returns the frame with exactly the
 * signature's columns in its order. BAD_REQUEST naming the column otherwise.
 */
export function enforceSchema(frame: DataFrame, signature: ModelSignature | undefined): DataFrame {
  if (!signature) return frame;
  const names = columnNames(signature.inputs);
  const positional = signature.inputs.every((s) => s.name === undefined);
  const index = new Map(frame.columns.map((c, i) => [String(c), i]));
  const missing = names.filter((name, i) => signature.inputs[i]!.required !== false && !index.has(name));
  if (missing.length > 0 && !(positional && frame.columns.length >= names.length)) {
    throw badRequest(
      `Model is missing inputs ${JSON.stringify(missing)}. Note that there were extra inputs: ${JSON.stringify(
        frame.columns.filter((c) => !names.includes(String(c))),
      )}.`,
    );
  }
  const data = frame.data.map((row, r) =>
    signature.inputs.map((spec, i) => {
      const at = positional ? i : index.get(names[i]!);
      return convert(at === undefined ? null : row[at], spec, names[i]!, r);
    }),
  );
  return { columns: names, data };
}
