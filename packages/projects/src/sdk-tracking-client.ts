import { type ErrorCode, type Experiment, isMlflowError, MlflowError, type Param, type Run, type RunStatus, type RunTag } from "@sextant/protocol";
import type { ProjectTrackingClient } from "./project-tracking-client.js";

/**
 * The methods of `@sextant/sdk`'s `MlflowClient` a project run uses, typed structurally so
 * this package does not depend on the SDK's internals (any client with this shape works).
 */
export interface MlflowClientLike {
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  getExperiment(experimentId: string): Promise<Experiment>;
  createExperiment(name: string): Promise<string>;
  createRun(
    experimentId: string,
    options: { readonly runName?: string; readonly startTime?: number; readonly tags?: readonly RunTag[]; readonly userId?: string },
  ): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  updateRun(runId: string, update: { readonly status?: RunStatus; readonly endTime?: number; readonly runName?: string }): Promise<unknown>;
  logBatch(runId: string, batch: { readonly params?: readonly Param[]; readonly tags?: readonly RunTag[] }): Promise<void>;
  logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void>;
}

/**
 * Adapts an SDK `MlflowClient` to `ProjectTrackingClient`, turning the SDK's `RestError`
 * (which carries the server's `errorCode`) into an `MlflowError` with that code and the
 * original error as `cause`.
 */
export function projectTrackingClient(client: MlflowClientLike): ProjectTrackingClient {
  return {
    getExperimentByName: (name) => wrap(() => client.getExperimentByName(name)),
    getExperiment: (id) => wrap(() => client.getExperiment(id)),
    createExperiment: (name) => wrap(() => client.createExperiment(name)),
    createRun: (request) =>
      wrap(() =>
        client.createRun(request.experimentId, {
          startTime: request.startTime,
          tags: request.tags,
          ...(request.runName === undefined ? {} : { runName: request.runName }),
          ...(request.userId === undefined ? {} : { userId: request.userId }),
        }),
      ),
    getRun: (runId) => wrap(() => client.getRun(runId)),
    updateRun: (runId, request) => wrap(async () => void (await client.updateRun(runId, request))),
    logBatch: (runId, batch) => wrap(() => client.logBatch(runId, batch)),
    logArtifact: (runId, localPath, artifactPath) => wrap(() => client.logArtifact(runId, localPath, artifactPath)),
  };
}

async function wrap<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isMlflowError(error)) throw error;
    const code = (error as { errorCode?: unknown }).errorCode;
    const message = error instanceof Error ? error.message : String(error);
    throw new MlflowError(typeof code === "string" ? (code as ErrorCode) : "INTERNAL_ERROR", message, { cause: error });
  }
}
