import { MlflowError } from "@sextant/protocol";

const PLAIN = /^[A-Za-z_][A-Za-z0-9_ .\-/]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value: unknown, path: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return ".nan";
    if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") {
    return PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(" ") ? value : JSON.stringify(value);
  }
  throw MlflowError.invalidParameter(`Cannot write ${typeof value} at '${path}' as YAML`);
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === "object" && !(value instanceof Date);
}

function emit(value: unknown, indent: string, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      if (isContainer(item) && Object.keys(item).length > 0) {
        out.push(`${indent}-`);
        emit(item, `${indent}  `, `${path}[${i}]`, out);
      } else {
        out.push(`${indent}- ${inline(item, `${path}[${i}]`)}`);
      }
    }
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const k = scalar(key, path);
    if (isContainer(item) && Object.keys(item).length > 0) {
      out.push(`${indent}${k}:`);
      emit(item, `${indent}  `, `${path}.${key}`, out);
    } else {
      out.push(`${indent}${k}: ${inline(item, `${path}.${key}`)}`);
    }
  }
}

function inline(value: unknown, path: string): string {
  if (Array.isArray(value)) return "[]";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (isContainer(value)) return "{}";
  return scalar(value, path);
}

/**
 * Writes a JSON-like value as block-style YAML (what `yaml.safe_dump` gives MLflow's
 * `log_dict`). Strings that could be misread are double-quoted (JSON escapes are valid YAML);
 * NaN/±Infinity become `.nan`/`.inf`. A function or symbol is INVALID_PARAMETER_VALUE.
 */
export function toYaml(value: unknown): string {
  if (!isContainer(value)) return `${inline(value, "$")}\n`;
  if (Object.keys(value).length === 0) return `${inline(value, "$")}\n`;
  const out: string[] = [];
  emit(value, "", "$", out);
  return `${out.join("\n")}\n`;
}
