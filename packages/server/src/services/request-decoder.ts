import { MlflowError } from "@sextant/protocol";
import type { DecodedMessage, FieldSpec, MessageSchema } from "./request-schema.js";

const API_DOCS_HINT = " See the API docs for more information about request parameters.";
const INT64_PATTERN = /^[+-]?\d+$/;
const DOUBLE_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads one untrusted request (a parsed JSON body or a query-string object) into its typed form. */
export type RequestDecoder<S extends MessageSchema> = (raw: unknown) => DecodedMessage<S>;

type ValueReader = (value: unknown, path: string) => unknown;

interface CompiledField {
  readonly name: string;
  readonly alias: string | undefined;
  readonly required: boolean;
  readonly repeated: boolean;
  readonly read: ValueReader;
}

/** "Missing value for required parameter 'x'." as MLflow words it. INVALID_PARAMETER_VALUE. */
export function missingValue(path: string): MlflowError {
  return MlflowError.invalidParameter(`Missing value for required parameter '${path}'.${API_DOCS_HINT}`);
}

/** An invalid-value error naming the field, the value and what was expected. INVALID_PARAMETER_VALUE. */
export function invalidValue(path: string, value: unknown, expected: string): MlflowError {
  return MlflowError.invalidParameter(
    `Invalid value ${formatValue(value)} for parameter '${path}' supplied: expected ${expected}, got ${typeName(value)}.${API_DOCS_HINT}`,
  );
}

function formatValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 120)}...` : text;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function readString(value: unknown, path: string): string {
  if (typeof value !== "string") throw invalidValue(path, value, "a string");
  return value;
}

/** A string, or a number read as its decimal string (MLflow's `_stringify_all_experiment_ids`). */
function readStringOrNumber(value: unknown, path: string): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return readString(value, path);
}

function readInt64(value: unknown, path: string): number {
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && INT64_PATTERN.test(value)) n = Number(value);
  else throw invalidValue(path, value, "an integer (int64)");
  if (!Number.isSafeInteger(n)) {
    throw invalidValue(path, value, `an integer between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`);
  }
  return n;
}

function readDouble(value: unknown, path: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    if (value === "NaN") return Number.NaN;
    if (value === "Infinity") return Number.POSITIVE_INFINITY;
    if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
    if (DOUBLE_PATTERN.test(value)) return Number(value);
  }
  throw invalidValue(path, value, 'a number (or "NaN", "Infinity", "-Infinity")');
}

function readBool(value: unknown, path: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  throw invalidValue(path, value, "'true' or 'false'");
}

function enumReader(values: Readonly<Record<string, number>>): ValueReader {
  const byNumber = new Map<number, string>();
  for (const [name, num] of Object.entries(values)) byNumber.set(num, name);
  const expected = `one of ${Object.keys(values).join(", ")}`;
  return (value, path) => {
    if (typeof value === "string") {
      if (Object.hasOwn(values, value)) return value;
      if (INT64_PATTERN.test(value)) {
        const name = byNumber.get(Number(value));
        if (name !== undefined) return name;
      }
    } else if (typeof value === "number") {
      const name = byNumber.get(value);
      if (name !== undefined) return name;
    }
    throw invalidValue(path, value, expected);
  };
}

function listReader(item: ValueReader): ValueReader {
  return (value, path) => {
    // A query string carries a repeated field given once as a single value.
    const list = Array.isArray(value) ? value : typeof value === "string" ? [value] : undefined;
    if (list === undefined) throw invalidValue(path, value, "a list");
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      const element = list[i];
      if (element === null || element === undefined) throw invalidValue(`${path}[${i}]`, element, "a value");
      out[i] = item(element, `${path}[${i}]`);
    }
    return out;
  };
}

function messageReader(schema: MessageSchema): ValueReader {
  const fields = compile(schema);
  return (value, path) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw invalidValue(path, value, "an object");
    }
    return decodeFields(fields, value as Record<string, unknown>, `${path}.`);
  };
}

function readerFor(spec: FieldSpec): ValueReader {
  switch (spec.kind) {
    case "string":
      return spec.numberAsString ? readStringOrNumber : readString;
    case "int64":
      return readInt64;
    case "double":
      return readDouble;
    case "bool":
      return readBool;
    case "enum":
      return enumReader(spec.values);
    case "strings":
      return listReader(spec.numberAsString ? readStringOrNumber : readString);
    case "messages":
      return listReader(messageReader(spec.of));
    case "message":
      return messageReader(spec.of);
  }
}

function compile(schema: MessageSchema): readonly CompiledField[] {
  return Object.entries(schema).map(([name, spec]) => ({
    name,
    alias: spec.alias,
    required: spec.required === true,
    repeated: spec.kind === "strings" || spec.kind === "messages",
    read: readerFor(spec),
  }));
}

function decodeFields(fields: readonly CompiledField[], input: Record<string, unknown>, prefix: string): unknown {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    let value = input[field.name];
    if ((value === undefined || value === null) && field.alias !== undefined) value = input[field.alias];
    if (value === undefined || value === null || (value === "" && field.required)) {
      if (field.required) throw missingValue(prefix + field.name);
      if (field.repeated) out[field.name] = [];
      continue;
    }
    out[field.name] = field.read(value, prefix + field.name);
  }
  return out;
}

/**
 * Compiles a message schema into a decoder that applies protobuf-JSON rules: int64 as numbers or
 * decimal strings, doubles also as "NaN"/"Infinity"/"-Infinity", enums by name or number,
 * repeated fields as lists (a single query-string value counts as a list of one), unknown fields
 * ignored, legacy aliases honoured, numbers read as strings where a field allows it. Throws INVALID_PARAMETER_VALUE naming the offending field.
 */
export function createRequestDecoder<const S extends MessageSchema>(schema: S): RequestDecoder<S> {
  const fields = compile(schema);
  return (raw) => {
    const input = raw === undefined || raw === null ? {} : raw;
    if (typeof input !== "object" || Array.isArray(input)) {
      throw MlflowError.invalidParameter(`The request must be a JSON object, got ${typeName(input)}.`);
    }
    return decodeFields(fields, input as Record<string, unknown>, "") as DecodedMessage<S>;
  };
}
