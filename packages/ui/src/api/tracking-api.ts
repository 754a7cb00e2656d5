import type { Experiment, FileInfo, Metric, Run, ViewType } from "@sextant/protocol";
import { requestJson, withQuery } from "./request-json.js";

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string;
}

export interface SearchExperimentsArgs {
  readonly viewType?: ViewType;
  readonly filter?: string;
  readonly maxResults?: number;
  readonly pageToken?: string;
  readonly signal?: AbortSignal;
}

/** One page of experiments/search. Throws ApiError (INVALID_PARAMETER_VALUE for a bad filter). */
export async function searchExperiments(args: SearchExperimentsArgs): Promise<Page<Experiment>> {
  const res = await requestJson<{ experiments?: Experiment[]; next_page_token?: string }>("POST", "/mlflow/experiments/search", {
    body: {
      view_type: args.viewType ?? "ACTIVE_ONLY",
      max_results: args.maxResults ?? 1000,
      filter: args.filter || undefined,
      page_token: args.pageToken,
    },
    signal: args.signal,
  });
  return { items: res.experiments ?? [], nextPageToken: res.next_page_token || undefined };
}

/** experiments/get. Throws ApiError RESOURCE_DOES_NOT_EXIST for an unknown id. */
export async function getExperiment(experimentId: string, signal?: AbortSignal): Promise<Experiment> {
  const res = await requestJson<{ experiment: Experiment }>("GET", "/mlflow/experiments/get", { query: { experiment_id: experimentId }, signal });
  return res.experiment;
}

/** experiments/create; returns the new id. Throws ApiError RESOURCE_ALREADY_EXISTS / INVALID_PARAMETER_VALUE. */
export async function createExperiment(name: string, artifactLocation?: string): Promise<string> {
  const res = await requestJson<{ experiment_id: string }>("POST", "/mlflow/experiments/create", {
    body: { name, artifact_location: artifactLocation || undefined },
  });
  return res.experiment_id;
}

/** experiments/update (rename). */
export async function renameExperiment(experimentId: string, newName: string): Promise<void> {
  await requestJson("POST", "/mlflow/experiments/update", { body: { experiment_id: experimentId, new_name: newName } });
}

/** experiments/delete (soft delete: lifecycle_stage becomes "deleted"). */
export async function deleteExperiment(experimentId: string): Promise<void> {
  await requestJson("POST", "/mlflow/experiments/delete", { body: { experiment_id: experimentId } });
}

/** experiments/restore. */
export async function restoreExperiment(experimentId: string): Promise<void> {
  await requestJson("POST", "/mlflow/experiments/restore", { body: { experiment_id: experimentId } });
}

export interface SearchRunsArgs {
  readonly experimentIds: readonly string[];
  readonly filter?: string;
  readonly runViewType?: ViewType;
  readonly maxResults?: number;
  readonly orderBy?: readonly string[];
  readonly pageToken?: string;
  readonly signal?: AbortSignal;
}

/** One page of runs/search. Throws ApiError INVALID_PARAMETER_VALUE with the grammar error. */
export async function searchRuns(args: SearchRunsArgs): Promise<Page<Run>> {
  const res = await requestJson<{ runs?: Run[]; next_page_token?: string }>("POST", "/mlflow/runs/search", {
    body: {
      experiment_ids: args.experimentIds,
      filter: args.filter || undefined,
      run_view_type: args.runViewType ?? "ACTIVE_ONLY",
      max_results: args.maxResults ?? 1000,
      order_by: args.orderBy && args.orderBy.length > 0 ? args.orderBy : undefined,
      page_token: args.pageToken,
    },
    signal: args.signal,
  });
  return { items: res.runs ?? [], nextPageToken: res.next_page_token || undefined };
}

/** runs/get. Throws ApiError RESOURCE_DOES_NOT_EXIST for an unknown run. */
export async function getRun(runId: string, signal?: AbortSignal): Promise<Run> {
  const res = await requestJson<{ run: Run }>("GET", "/mlflow/runs/get", { query: { run_id: runId }, signal });
  return res.run;
}

/** runs/set-tag. Throws ApiError INVALID_PARAMETER_VALUE for a bad key or too long a value. */
export async function setRunTag(runId: string, key: string, value: string): Promise<void> {
  await requestJson("POST", "/mlflow/runs/set-tag", { body: { run_id: runId, key, value } });
}

/** runs/delete-tag. */
export async function deleteRunTag(runId: string, key: string): Promise<void> {
  await requestJson("POST", "/mlflow/runs/delete-tag", { body: { run_id: runId, key } });
}

/** runs/delete (soft delete). */
export async function deleteRun(runId: string): Promise<void> {
  await requestJson("POST", "/mlflow/runs/delete", { body: { run_id: runId } });
}

/** runs/restore. */
export async function restoreRun(runId: string): Promise<void> {
  await requestJson("POST", "/mlflow/runs/restore", { body: { run_id: runId } });
}

/** The whole history of one metric, following page tokens (25,000 points a page). */
export async function getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<Metric[]> {
  const all: Metric[] = [];
  let pageToken: string | undefined;
  do {
    const res = await requestJson<{ metrics?: Metric[]; next_page_token?: string }>("GET", "/mlflow/metrics/get-history", {
      query: { run_id: runId, metric_key: key, max_results: 25000, page_token: pageToken },
      signal,
    });
    for (const m of res.metrics ?? []) all.push(m);
    pageToken = res.next_page_token || undefined;
  } while (pageToken);
  return all;
}

/** artifacts/list for one folder of a run (all pages). */
export async function listArtifacts(runId: string, path: string, signal?: AbortSignal): Promise<FileInfo[]> {
  const all: FileInfo[] = [];
  let pageToken: string | undefined;
  do {
    const res = await requestJson<{ files?: FileInfo[]; next_page_token?: string }>("GET", "/mlflow/artifacts/list", {
      query: { run_id: runId, path: path || undefined, page_token: pageToken },
      signal,
    });
    for (const f of res.files ?? []) all.push(f);
    pageToken = res.next_page_token || undefined;
  } while (pageToken);
  return all;
}

/** The download URL of one run artifact (MLflow's `/get-artifact`). */
export function artifactUrl(runId: string, path: string): string {
  return withQuery("/get-artifact", { path, run_uuid: runId });
}
