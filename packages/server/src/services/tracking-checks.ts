import { type Experiment, MlflowError, type RunInfo } from "@sextant/protocol";

const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/;
const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;

/** An experiment id as MLflow accepts it (`^[a-zA-Z0-9][\w-]{0,63}$`). INVALID_PARAMETER_VALUE otherwise. */
export function checkExperimentId(id: string): string {
  if (!EXPERIMENT_ID.test(id)) throw MlflowError.invalidParameter(`Invalid experiment ID: '${id}'`);
  return id;
}

/** A run id as MLflow accepts it (`^[a-zA-Z0-9][\w-]{0,255}$`). INVALID_PARAMETER_VALUE otherwise. */
export function checkRunId(id: string): string {
  if (!RUN_ID.test(id)) throw MlflowError.invalidParameter(`Invalid run ID: '${id}'`);
  return id;
}

/** A search's `max_results`: `fallback` when absent, else 1..`max`. INVALID_PARAMETER_VALUE otherwise. */
export function checkMaxResults(value: number | undefined, fallback: number, max: number): number {
  const n = value ?? fallback;
  if (n < 1 || n > max) {
    const rule = n < 1 ? "a positive integer" : `at most ${max}`;
    throw MlflowError.invalidParameter(`Invalid value ${n} for parameter 'max_results' supplied. It must be ${rule}.`);
  }
  return n;
}

/** MLflow's check before writing to a run. INVALID_PARAMETER_VALUE when the run is deleted. */
export function requireActiveRun(info: RunInfo): RunInfo {
  if (info.lifecycle_stage !== "active") {
    throw MlflowError.invalidParameter(
      `The run ${info.run_id} must be in the 'active' state. Current state is ${info.lifecycle_stage}.`,
    );
  }
  return info;
}

/** MLflow's check before writing to an experiment. INVALID_PARAMETER_VALUE when it is deleted. */
export function requireActiveExperiment(experiment: Experiment): Experiment {
  if (experiment.lifecycle_stage !== "active") {
    throw MlflowError.invalidParameter(
      `The experiment ${experiment.experiment_id} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`,
    );
  }
  return experiment;
}

/** MLflow refuses `runs:` URIs and URIs with a fragment as artifact locations. INVALID_PARAMETER_VALUE. */
export function checkArtifactLocation(location: string): void {
  if (location.startsWith("runs:")) {
    throw MlflowError.invalidParameter(`Artifact location cannot be a runs:/ URI. Given: '${location}'`);
  }
  if (location.includes("#")) {
    throw MlflowError.invalidParameter("'artifact_location' URL can't include fragments or params.");
  }
}
