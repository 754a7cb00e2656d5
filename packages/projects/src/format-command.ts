import { MlflowError } from "@sextant/protocol";

/**
 * Fills `{name}` placeholders of an MLproject command template from `values`, with the
 * subset of Python's `str.format` syntax MLflow commands use: `{name}` is replaced, `{{`
 * and `}}` are literal braces. Values are inserted as they are (the caller quotes them).
 * `where` names the template in errors. Throws INVALID_PARAMETER_VALUE for a placeholder
 * that is not in `values`, an empty or positional `{}`, a conversion or format spec
 * (`{x!r}`, `{x:.2f}`), or an unmatched brace.
 */
export function formatCommand(template: string, values: ReadonlyMap<string, string>, where: string): string {
  let out = "";
  let i = 0;
  const fail = (problem: string) => MlflowError.invalidParameter(`The command of ${where} is not a valid template: ${problem}`);
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === "}") {
      if (template[i + 1] !== "}") throw fail(`single '}' at position ${i + 1} (write '}}' for a literal brace)`);
      out += "}";
      i += 2;
    } else if (ch === "{") {
      if (template[i + 1] === "{") {
        out += "{";
        i += 2;
        continue;
      }
      const end = template.indexOf("}", i + 1);
      if (end < 0) throw fail(`'{' at position ${i + 1} is never closed (write '{{' for a literal brace)`);
      const field = template.slice(i + 1, end);
      if (field === "" || /^\d+$/.test(field)) throw fail(`positional placeholder {${field}}: name a parameter, e.g. {alpha}`);
      if (/[!:.[]/.test(field)) throw fail(`{${field}} uses a conversion, format spec or attribute, which is not supported; use {name}`);
      const value = values.get(field);
      if (value === undefined) {
        const known = [...values.keys()];
        throw fail(`{${field}} is not a declared parameter (declared: ${known.length > 0 ? known.join(", ") : "none"})`);
      }
      out += value;
      i = end + 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}
