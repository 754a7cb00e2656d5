import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { MlflowError } from "@sextant/protocol";

/**
 * Reads `--backend-config` as MLflow does: a value ending in `.json` is a JSON file
 * (relative to `cwd`), anything else is inline JSON. The JSON must be an object.
 * Throws INVALID_PARAMETER_VALUE naming the file or the parse error.
 */
export async function readBackendConfig(value: string, cwd: string): Promise<Record<string, unknown>> {
  let text = value;
  let where = "--backend-config";
  if (value.toLowerCase().endsWith(".json")) {
    const file = resolve(cwd, value);
    where = `backend config file ${file}`;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw MlflowError.invalidParameter(`Cannot read ${where}: ${(error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw MlflowError.invalidParameter(`Invalid JSON in ${where}: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw MlflowError.invalidParameter(`${where} must be a JSON object such as {"key": "value"}`);
  }
  return parsed as Record<string, unknown>;
}
