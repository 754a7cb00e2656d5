import { MlflowError } from "@sextant/protocol";

/** RESOURCE_DOES_NOT_EXIST with MLflow's message for a missing run. */
export function runNotFound(runId: string): MlflowError {
  return MlflowError.notFound(`Run with id=${runId} not found`);
}

/** INVALID_PARAMETER_VALUE with MLflow's message for a write to a run that is not active. */
export function runNotActive(runId: string, stage: string): MlflowError {
  return MlflowError.invalidParameter(`The run ${runId} must be in the 'active' state. Current state is ${stage}.`);
}
