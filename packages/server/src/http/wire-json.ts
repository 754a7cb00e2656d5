/** The body of every rpc that answers with an empty message. */
export const EMPTY_JSON = "{}";

function protobufJsonValue(_key: string, value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value === null) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

/**
 * Serialises a response as MLflow's protobuf JSON: NaN and ±Infinity as the strings "NaN",
 * "Infinity", "-Infinity"; empty lists and null/undefined fields omitted; everything else as is
 * (snake_case keys and int64 numbers come from the entities themselves).
 */
export function toWireJson(message: object): string {
  for (const _ in message) return JSON.stringify(message, protobufJsonValue);
  return EMPTY_JSON;
}
