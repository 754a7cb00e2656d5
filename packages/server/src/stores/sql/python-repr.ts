/**
 * Python's `repr()` of a string, as it appears inside MLflow's error messages
 * (single quotes unless the text holds a single quote and no double quote).
 */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else {
      const cp = ch.codePointAt(0) ?? 0;
      out += cp < 0x20 || cp === 0x7f ? `\\x${cp.toString(16).padStart(2, "0")}` : ch;
    }
  }
  return out + quote;
}

/** Python's repr of a list of string-valued dicts, e.g. `[{'key': 'a', 'old_value': 'b'}]`. */
export function pythonReprDicts(items: readonly Readonly<Record<string, string>>[]): string {
  const dicts = items.map(
    (item) =>
      `{${Object.entries(item)
        .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
        .join(", ")}}`,
  );
  return `[${dicts.join(", ")}]`;
}
