import { EncodedResponse } from "../services/encoded-response.js";

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
 *
 * Plain `JSON.stringify` is tried first: it writes non-finite numbers and nulls as `null` and
 * empty lists as `[]`, so when neither appears in its output (the usual case for large metric
 * histories) that output is already right; otherwise the message is written again with a
 * replacer, which is correct always but slower. An `EncodedResponse` is already that text and is
 * returned as it is.
 */
export function toWireJson(message: object): string {
  if (message instanceof EncodedResponse) return message.json;
  for (const _ in message) {
    const plain = JSON.stringify(message);
    if (!plain.includes("null") && !plain.includes("[]")) return plain;
    return JSON.stringify(message, protobufJsonValue);
  }
  return EMPTY_JSON;
}
