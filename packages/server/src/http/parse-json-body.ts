import { MlflowError } from "@sextant/protocol";

const NON_FINITE = ["NaN", "Infinity", "-Infinity"] as const;

/**
 * Rewrites bare `NaN`, `Infinity` and `-Infinity` tokens outside string literals into their
 * protobuf-JSON string forms (`"NaN"`, ...), which Python's `json.dumps` emits by default.
 * Returns undefined when there was nothing to rewrite.
 */
function quoteNonFiniteTokens(text: string): string | undefined {
  let out = "";
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c !== 0x4e /* N */ && c !== 0x49 /* I */ && c !== 0x2d /* - */) continue;
    const token = NON_FINITE.find((t) => text.startsWith(t, i));
    if (token === undefined) continue;
    out += `${text.slice(copiedUpTo, i)}"${token}"`;
    i += token.length - 1;
    copiedUpTo = i + 1;
  }
  return copiedUpTo === 0 ? undefined : out + text.slice(copiedUpTo);
}

/**
 * Parses an API request body as JSON whatever its content type, as MLflow's server does: an
 * empty body is `{}`, a double-encoded JSON string (old clients) is decoded twice, and bare
 * NaN/Infinity tokens are tolerated. Throws INVALID_PARAMETER_VALUE for malformed JSON.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const repaired = quoteNonFiniteTokens(text);
    try {
      if (repaired === undefined) throw error;
      value = JSON.parse(repaired);
    } catch {
      const reason = error instanceof Error ? error.message : String(error);
      throw MlflowError.invalidParameter(`Malformed JSON in request body: ${reason}`);
    }
  }
  return typeof value === "string" ? parseJsonBody(value) : value;
}
