import { MlflowError } from "@sextant/protocol";

/**
 * Encodes a GET request's fields as MLflow expects them: one key per field, repeated keys
 * for repeated fields, booleans as `true`/`false`. Nested messages cannot travel in a query
 * string: INVALID_PARAMETER_VALUE naming the field.
 */
export function toQueryString(fields: Readonly<Record<string, unknown>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      if (typeof item === "object") {
        throw MlflowError.invalidParameter(`Field '${key}' is a message and cannot be sent in a GET query string`);
      }
      params.append(key, String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
