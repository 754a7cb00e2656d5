import type { Experiment, Param, Run, RunStatus, RunTag } from "@sextant/protocol";

/** Fields of a new run. */
export interface CreateRunRequest {
  readonly experimentId: string;
  readonly runName?: string;
  /** `user_id` of the run (MLflow clients send the `mlflow.user` tag's value). */
  readonly userId?: string;
  readonly startTime: number;
  readonly tags: readonly RunTag[];
}

/** Fields of `runs/update`; absent fields are left unchanged. */
export interface UpdateRunRequest {
  readonly status?: RunStatus;
  readonly endTime?: number;
  readonly runName?: string;
}

/**
 * The few tracking calls a project backend makes, typed structurally so backends do not
 * depend on a particular client (the CLI adapts the SDK's `MlflowClient` with
 * `projectTrackingClient`). Every method rejects with an `MlflowError` carrying the
 * server's error code.
 */
export interface ProjectTrackingClient {
  /** The experiment with this name, or undefined when there is none. */
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  /** RESOURCE_DOES_NOT_EXIST when absent. */
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Creates an experiment and returns its id. */
  createExperiment(name: string): Promise<string>;
  createRun(request: CreateRunRequest): Promise<Run>;
  /** RESOURCE_DOES_NOT_EXIST when absent. */
  getRun(runId: string): Promise<Run>;
  updateRun(runId: string, request: UpdateRunRequest): Promise<void>;
  /** Logs params and tags (the caller keeps each call within MLflow's batch limits). */
  logBatch(runId: string, batch: { readonly params?: readonly Param[]; readonly tags?: readonly RunTag[] }): Promise<void>;
  /** Uploads the local file `localPath` into the run's artifacts under `artifactPath` (a folder). */
  logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void>;
}
