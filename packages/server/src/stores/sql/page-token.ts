import { MlflowError } from "@sextant/protocol";

/**
 * Opaque page token as MLflow writes it: base64 of `{"offset": n}`. The format is not a
 * contract; clients only hand back what they were given.
 */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64");
}

/** Offset a token points at (0 when absent). A malformed token is INVALID_PARAMETER_VALUE. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(token)) throw new Error("not base64");
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch (cause) {
    throw new MlflowError("INVALID_PARAMETER_VALUE", "Invalid page token, could not base64-decode", { cause });
  }
  const offset = typeof parsed === "object" && parsed !== null ? (parsed as { offset?: unknown }).offset : undefined;
  const value = typeof offset === "string" ? Number(offset) : offset;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw MlflowError.invalidParameter(`Invalid page token, parsed value=${JSON.stringify(parsed)}`);
  }
  return value;
}
