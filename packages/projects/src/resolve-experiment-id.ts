import { MlflowError } from "@sextant/protocol";
import type { ProjectTrackingClient } from "./project-tracking-client.js";

/** How the user chose an experiment: flags first, then MLFLOW_EXPERIMENT_NAME / _ID. */
export interface ExperimentChoice {
  readonly experimentName?: string;
  readonly experimentId?: string;
  /** Environment to read MLFLOW_EXPERIMENT_NAME / MLFLOW_EXPERIMENT_ID from when no flag is given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The id of MLflow's "Default" experiment, used when nothing else is chosen. */
export const DEFAULT_EXPERIMENT_ID = "0";

/**
 * Resolves the experiment a project run goes into, as `mlflow run` does: `--experiment-name`
 * (created when it does not exist yet) or `--experiment-id` (which must exist); without
 * either flag, MLFLOW_EXPERIMENT_NAME or MLFLOW_EXPERIMENT_ID from `env`; else "Default" (0).
 * Throws INVALID_PARAMETER_VALUE when both a name and an id are given at the same level,
 * RESOURCE_DOES_NOT_EXIST for an unknown id, or the tracking server's error.
 */
export async function resolveExperimentId(client: ProjectTrackingClient, choice: ExperimentChoice): Promise<string> {
  let { experimentName: name, experimentId: id } = choice;
  let source = "--experiment-name and --experiment-id";
  if (name === undefined && id === undefined) {
    name = nonEmpty(choice.env?.MLFLOW_EXPERIMENT_NAME);
    id = nonEmpty(choice.env?.MLFLOW_EXPERIMENT_ID);
    source = "MLFLOW_EXPERIMENT_NAME and MLFLOW_EXPERIMENT_ID";
  }
  if (name !== undefined && id !== undefined) {
    throw MlflowError.invalidParameter(`Specify only one of ${source} (got name '${name}' and id '${id}')`);
  }
  if (name !== undefined) {
    if (name.trim() === "") throw MlflowError.invalidParameter("Experiment name must not be empty");
    const existing = await client.getExperimentByName(name);
    if (existing) {
      if (existing.lifecycle_stage === "deleted") {
        throw MlflowError.invalidParameter(`Experiment '${name}' (id ${existing.experiment_id}) is deleted: restore it or choose another name`);
      }
      return existing.experiment_id;
    }
    return client.createExperiment(name);
  }
  if (id !== undefined) {
    const experiment = await client.getExperiment(id);
    if (experiment.lifecycle_stage === "deleted") {
      throw MlflowError.invalidParameter(`Experiment ${id} ('${experiment.name}') is deleted: restore it or choose another experiment`);
    }
    return experiment.experiment_id;
  }
  return DEFAULT_EXPERIMENT_ID;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
