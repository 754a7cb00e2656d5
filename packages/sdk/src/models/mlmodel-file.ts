import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { parse, stringify } from "yaml";
import type { FlavorConfig } from "./model-flavor.js";
import type { SignatureSection } from "./model-signature.js";

/** The file name of a model folder's description. */
export const MLMODEL_FILE = "MLmodel";

/** An MLmodel file's content, with MLflow's field names (mlflow/models/model.py). */
export interface MlmodelFile {
  readonly artifact_path?: string;
  readonly flavors: Readonly<Record<string, FlavorConfig>>;
  readonly model_uuid: string;
  readonly run_id?: string;
  /** MLflow 3.x: the logged model this folder belongs to. */
  readonly model_id?: string;
  /** `%Y-%m-%d %H:%M:%S.%f`, UTC. */
  readonly utc_time_created: string;
  readonly signature?: SignatureSection;
  readonly saved_input_example_info?: Readonly<Record<string, unknown>>;
  readonly [extra: string]: unknown;
}

/** Now in MLflow's `utc_time_created` format. */
export function utcTimeCreated(date: Date = new Date()): string {
  return `${date.toISOString().replace("T", " ").replace("Z", "")}000`;
}

/** Writes `MLmodel` (YAML) into `dir`. Rejects with the file-system error. */
export async function writeMlmodel(dir: string, description: MlmodelFile): Promise<void> {
  const clean = JSON.parse(JSON.stringify(description)) as unknown;
  await writeFile(join(dir, MLMODEL_FILE), stringify(clean));
}

/**
 * Reads the `MLmodel` of a model folder. INVALID_PARAMETER_VALUE when it is missing, not
 * YAML, or has no `flavors`.
 */
export async function readMlmodel(dir: string): Promise<MlmodelFile> {
  let text: string;
  try {
    text = await readFile(join(dir, MLMODEL_FILE), "utf8");
  } catch (cause) {
    throw new MlflowError("INVALID_PARAMETER_VALUE", `${dir} is not a model folder: it has no ${MLMODEL_FILE} file.`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (cause) {
    throw new MlflowError("INVALID_PARAMETER_VALUE", `${join(dir, MLMODEL_FILE)} is not valid YAML: ${(cause as Error).message}`, {
      cause,
    });
  }
  const flavors = (parsed as { flavors?: unknown } | null)?.flavors;
  if (typeof flavors !== "object" || flavors === null || Array.isArray(flavors)) {
    throw MlflowError.invalidParameter(`${join(dir, MLMODEL_FILE)} has no 'flavors' section.`);
  }
  return parsed as MlmodelFile;
}
