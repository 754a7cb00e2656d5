import { MlflowError } from "@sextant/protocol";

/**
 * Turns repeated `name=value` options (`-P alpha=0.5`) into an ordered map, splitting at the
 * first `=`. With `allowFlags`, a bare `name` means a flag (`-A t`) and maps to `true`, as
 * MLflow's `--docker-args` does. `option` names the option in errors.
 * Throws INVALID_PARAMETER_VALUE for an item without `=` (unless a flag), an empty name, or
 * a name given twice.
 */
export function parseKeyValueList(
  items: readonly string[],
  option: string,
  allowFlags = false,
): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (const item of items) {
    const at = item.indexOf("=");
    if (at < 0 && !allowFlags) {
      throw MlflowError.invalidParameter(`Invalid format for ${option} parameter: '${item}'. Use ${option} name=value.`);
    }
    const name = at < 0 ? item : item.slice(0, at);
    if (name === "") throw MlflowError.invalidParameter(`Invalid format for ${option} parameter: '${item}' has no name. Use ${option} name=value.`);
    if (out.has(name)) throw MlflowError.invalidParameter(`Repeated parameter: '${name}' is given twice with ${option}`);
    out.set(name, at < 0 ? true : item.slice(at + 1));
  }
  return out;
}
