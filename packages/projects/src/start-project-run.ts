import { LIMITS, MlflowError, type Param, type RunInfo } from "@sextant/protocol";
import type { ProjectRunSpec } from "./project-backend.js";
import { projectRunTags } from "./project-run-tags.js";

/**
 * Creates the run of a project (or, with `spec.runId`, resumes that run and sets it RUNNING
 * again), tags it as MLflow does (see `projectRunTags`) with `backend` and `env`, and logs
 * the entry point's parameters as given plus the extra `-P` parameters, in batches within
 * MLflow's limits. A run it created is marked FAILED if logging then fails.
 * Throws INVALID_PARAMETER_VALUE when the resumed run belongs to another experiment, or
 * rejects with the tracking server's error.
 */
export async function startProjectRun(spec: ProjectRunSpec, backend: string, env: string): Promise<RunInfo> {
  const { tracking } = spec;
  const tags = projectRunTags({ project: spec.fetched, git: spec.git, entryPoint: spec.entryPoint.name, backend, env, user: spec.user });
  const params: Param[] = [...spec.parameters.declared, ...spec.parameters.extra].map(([key, value]) => ({ key, value }));

  let info: RunInfo;
  let created = false;
  if (spec.runId !== undefined) {
    info = (await tracking.getRun(spec.runId)).info;
    if (info.experiment_id !== spec.experimentId) {
      throw MlflowError.invalidParameter(
        `Run ${spec.runId} belongs to experiment ${info.experiment_id}, not to the chosen experiment ${spec.experimentId}`,
      );
    }
    await tracking.updateRun(spec.runId, { status: "RUNNING", ...(spec.runName === undefined ? {} : { runName: spec.runName }) });
  } else {
    info = (
      await tracking.createRun({
        experimentId: spec.experimentId,
        startTime: Date.now(),
        userId: spec.user,
        tags,
        ...(spec.runName === undefined ? {} : { runName: spec.runName }),
      })
    ).info;
    created = true;
  }
  try {
    if (!created) for (const batch of chunks(tags, LIMITS.maxTagsPerBatch)) await tracking.logBatch(info.run_id, { tags: batch });
    for (const batch of chunks(params, LIMITS.maxParamsPerBatch)) await tracking.logBatch(info.run_id, { params: batch });
  } catch (error) {
    if (created) await tracking.updateRun(info.run_id, { status: "FAILED", endTime: Date.now() }).catch(() => {});
    throw error;
  }
  return info;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
