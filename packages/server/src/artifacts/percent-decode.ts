const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;
const MAX_ROUNDS = 10;

/** Decodes one round of percent-escapes; invalid escapes stay as they are (like Python's unquote). */
export function percentDecodeOnce(value: string): string {
  return value.replace(ESCAPES, (run) => Buffer.from(run.replaceAll("%", ""), "hex").toString("utf8"));
}

/**
 * Decodes percent-escapes until the value stops changing, so `%252e%252e` and `%2e%2e` both
 * become `..` before any check looks at them. Returns undefined if it is still changing after
 * ten rounds (nothing legitimate is encoded that deep).
 */
export function percentDecodeFully(value: string): string | undefined {
  let current = value;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = percentDecodeOnce(current);
    if (next === current) return current;
    current = next;
  }
  return undefined;
}
