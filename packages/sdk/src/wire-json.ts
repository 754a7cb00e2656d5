/**
 * JSON as MLflow puts it on the wire. Doubles that JSON cannot carry (NaN, ±Infinity) travel
 * as the strings "NaN", "Infinity" and "-Infinity" (proto3 JSON mapping); int64 fields may
 * arrive as strings from some servers and are read back as numbers.
 */

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
};

/** int64 fields of tracking entities that must be numbers in the SDK's types. */
const INT64_FIELDS = new Set([
  "timestamp",
  "step",
  "start_time",
  "end_time",
  "creation_time",
  "last_update_time",
  "creation_timestamp",
  "last_updated_timestamp",
  "file_size",
]);

/** Serialises a request body, writing non-finite numbers as MLflow's strings. */
export function encodeWireJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "number" && !Number.isFinite(v)) {
      return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }
    return v;
  });
}

/**
 * Parses a response body. A metric-shaped object (one with `timestamp` or `step`) whose
 * `value` is "NaN"/"Infinity"/"-Infinity" gets the number back; params and tags, whose
 * values are strings, are left alone. Numeric strings in int64 fields become numbers.
 */
export function decodeWireJson(text: string): unknown {
  return JSON.parse(text, function revive(this: unknown, key: string, v: unknown) {
    if (typeof v === "string" && INT64_FIELDS.has(key) && /^-?\d+$/.test(v)) return Number(v);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.value === "string" && ("timestamp" in o || "step" in o)) {
        const n = NON_FINITE[o.value];
        if (n !== undefined) o.value = n;
      }
    }
    return v;
  });
}
