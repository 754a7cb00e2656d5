/** Characters that never need quoting in a POSIX shell word (Python's `shlex.quote` set). */
const SAFE = /^[\w@%+=:,./-]+$/;

/**
 * Quotes `value` as one POSIX shell word, exactly as Python's `shlex.quote` (which MLflow
 * uses for MLproject commands) does: safe words are returned unchanged, the empty string
 * becomes `''`, anything else is wrapped in single quotes with `'` written as `'"'"'`.
 */
export function shellQuote(value: string): string {
  if (value === "") return "''";
  if (SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}
