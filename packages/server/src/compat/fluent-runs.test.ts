import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatServer, type Json, type PythonClient, startCompatServer } from "./test-support/python-client.js";

/**
 * The request sequences of MLflow's fluent tracking API (mlflow/tracking/fluent.py) and the
 * tracking service client (mlflow/tracking/_tracking_service/client.py) over the REST store
 * (mlflow/store/tracking/rest_store.py), replayed byte for byte as the Python client builds them.
 * Bodies come from `message_to_json` (mlflow/utils/proto_json_utils.py): snake_case, enums by
 * name, unset fields omitted, int64 as JSON numbers in current clients and as decimal strings in
 * older ones and the Java client (protobuf's MessageToJson), so every sequence runs both ways.
 */

const T0 = 1_700_000_000_000;

/** How one client generation writes int64 fields. */
type Int64Style = { readonly name: string; readonly i64: (n: number) => string | number };
const STYLES: readonly Int64Style[] = [
  { name: "int64 as strings (MessageToJson, Java client)", i64: (n) => String(n) },
  { name: "int64 as numbers (MLflow >= 2 message_to_json)", i64: (n) => n },
];

/** The tags `context_registry.resolve_tags` adds on `start_run` (mlflow/tracking/context/*). */
function contextTags(extra: Record<string, string> = {}): { key: string; value: string }[] {
  return Object.entries({
    "mlflow.user": "alice",
    "mlflow.source.name": "train.py",
    "mlflow.source.type": "LOCAL",
    "mlflow.source.git.commit": "0123456789abcdef0123456789abcdef01234567",
    ...extra,
  }).map(([key, value]) => ({ key, value }));
}

function tagMap(run: Json): Record<string, string> {
  return Object.fromEntries((run.data.tags ?? []).map((t: Json) => [t.key, t.value]));
}

/** fluent.set_experiment: get-by-name, create on RESOURCE_DOES_NOT_EXIST, then get (fluent.py set_experiment). */
async function setExperiment(py: PythonClient, name: string): Promise<Json> {
  const byName = await py.mlflow("GET", "experiments/get-by-name", { experiment_name: name });
  if (byName.status === 200) return byName.body.experiment;
  // rest_store.get_experiment_by_name returns None only for exactly this error code.
  expect(byName.status).toBe(404);
  expect(byName.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  const created = await py.mlflow("POST", "experiments/create", { name });
  expect(created.status).toBe(200);
  expect(typeof created.body.experiment_id).toBe("string");
  const got = await py.mlflow("GET", "experiments/get", { experiment_id: created.body.experiment_id });
  expect(got.status).toBe(200);
  return got.body.experiment;
}

/** fluent.start_run for a new run: runs/create with the resolved context tags (fluent.py start_run). */
async function startRun(
  py: PythonClient,
  style: Int64Style,
  experimentId: string,
  options: { runName?: string; parentRunId?: string } = {},
): Promise<Json> {
  const extra: Record<string, string> = {};
  if (options.parentRunId) extra["mlflow.parentRunId"] = options.parentRunId;
  if (options.runName) extra["mlflow.runName"] = options.runName;
  const res = await py.mlflow("POST", "runs/create", {
    experiment_id: experimentId,
    user_id: "alice",
    start_time: style.i64(T0),
    tags: contextTags(extra),
    ...(options.runName ? { run_name: options.runName } : {}),
  });
  expect(res.status).toBe(200);
  return res.body.run;
}

/** MlflowClient.set_terminated: shut down async logging, _log_url's runs/get, then runs/update (client.py). */
async function endRun(py: PythonClient, style: Int64Style, runId: string, status = "FINISHED"): Promise<Json> {
  expect((await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).status).toBe(200);
  const res = await py.mlflow("POST", "runs/update", {
    run_uuid: runId,
    run_id: runId,
    status,
    end_time: style.i64(T0 + 60_000),
  });
  expect(res.status).toBe(200);
  return res.body.run_info;
}

describe.each(STYLES)("Python client tracking sequences, $name", (style) => {
  let server: CompatServer;
  let py: PythonClient;
  beforeAll(async () => {
    server = await startCompatServer();
    py = server.client;
  });
  afterAll(() => server.close());

  it("set_experiment creates on first use and finds the experiment afterwards", async () => {
    const created = await setExperiment(py, "compat-set-experiment");
    expect(created).toMatchObject({ name: "compat-set-experiment", lifecycle_stage: "active" });
    expect(created.artifact_location).toBe(`mlflow-artifacts:/${created.experiment_id}`);
    const again = await setExperiment(py, "compat-set-experiment");
    expect(again.experiment_id).toBe(created.experiment_id);
    // A racing process gets RESOURCE_ALREADY_EXISTS from create, which set_experiment tolerates by that code.
    const race = await py.mlflow("POST", "experiments/create", { name: "compat-set-experiment" });
    expect([race.status, race.body.error_code]).toEqual([400, "RESOURCE_ALREADY_EXISTS"]);
  });

  it("start_run, log_param/log_metric/set_tag, log_params/log_metrics/set_tags, end_run", async () => {
    const experiment = await setExperiment(py, `compat-lifecycle-${typeof style.i64(1)}`);
    const run = await startRun(py, style, experiment.experiment_id, { runName: "fluent-run" });
    const runId: string = run.info.run_id;
    // What ActiveRun and later calls read from the create response.
    expect(run.info).toMatchObject({
      run_uuid: runId,
      run_name: "fluent-run",
      experiment_id: experiment.experiment_id,
      user_id: "alice",
      status: "RUNNING",
      start_time: T0,
      lifecycle_stage: "active",
      artifact_uri: `mlflow-artifacts:/${experiment.experiment_id}/${runId}/artifacts`,
    });
    expect(run.info.end_time).toBeUndefined();
    expect(tagMap(run)).toMatchObject({ "mlflow.runName": "fluent-run", "mlflow.user": "alice", "mlflow.source.type": "LOCAL" });

    // log_param -> rest_store.log_param: LogParam(run_uuid, run_id, key, value); answer {}.
    const param = await py.mlflow("POST", "runs/log-parameter", { run_uuid: runId, run_id: runId, key: "lr", value: "0.01" });
    expect([param.status, param.text]).toEqual([200, "{}"]);

    // log_metric (3.x): runs/get for _log_inputs_for_metrics_if_necessary and
    // _get_model_ids_for_new_metric_if_exist, then LogMetric with run_uuid and run_id.
    for (let i = 0; i < 2; i++) {
      const got = await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId });
      expect(got.body.run.inputs ?? {}).toEqual({});
      expect(got.body.run.outputs?.model_outputs ?? []).toEqual([]);
    }
    const metric = await py.mlflow("POST", "runs/log-metric", {
      run_uuid: runId,
      run_id: runId,
      key: "loss",
      value: 0.5,
      timestamp: style.i64(T0 + 1),
      step: style.i64(1),
    });
    expect([metric.status, metric.text]).toEqual([200, "{}"]);
    // Non-finite values travel as protobuf JSON strings.
    expect((await py.mlflow("POST", "runs/log-metric", {
      run_uuid: runId,
      run_id: runId,
      key: "grad",
      value: "NaN",
      timestamp: style.i64(T0 + 2),
      step: style.i64(0),
    })).status).toBe(200);

    // set_tag -> SetTag(run_uuid, run_id, key, value).
    const tag = await py.mlflow("POST", "runs/set-tag", { run_uuid: runId, run_id: runId, key: "team", value: "ml" });
    expect([tag.status, tag.text]).toEqual([200, "{}"]);

    // log_params / log_metrics / set_tags -> LogBatch; log_metrics' Metric protos carry run_id (3.x).
    const batch = await py.mlflow("POST", "runs/log-batch", {
      run_id: runId,
      metrics: [
        { key: "acc", value: 0.9, timestamp: style.i64(T0 + 3), step: style.i64(2), run_id: runId },
        { key: "loss", value: 0.25, timestamp: style.i64(T0 + 3), step: style.i64(2), run_id: runId },
      ],
      params: [
        { key: "epochs", value: "10" },
        { key: "optimizer", value: "adam" },
      ],
      tags: [{ key: "stage", value: "dev" }],
    });
    expect([batch.status, batch.text]).toEqual([200, "{}"]);

    const info = await endRun(py, style, runId);
    expect(info).toMatchObject({ run_id: runId, run_uuid: runId, status: "FINISHED", end_time: T0 + 60_000, lifecycle_stage: "active" });

    const final = (await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).body.run;
    expect(Object.fromEntries(final.data.params.map((p: Json) => [p.key, p.value]))).toEqual({
      lr: "0.01",
      epochs: "10",
      optimizer: "adam",
    });
    const latest = Object.fromEntries(final.data.metrics.map((m: Json) => [m.key, m]));
    expect(latest.loss).toMatchObject({ value: 0.25, step: 2, timestamp: T0 + 3 });
    expect(latest.grad.value).toBe("NaN");
    expect(tagMap(final)).toMatchObject({ team: "ml", stage: "dev", "mlflow.runName": "fluent-run" });
  });

  it("async logging: the queue flushes params, metrics and tags as log-batch calls", async () => {
    // mlflow/utils/async_logging/async_logging_queue.py groups pending entries into
    // store.log_batch(run_id, metrics, params, tags) calls; 3.x Metric protos carry model_id,
    // dataset_name and dataset_digest when set, which older servers must ignore.
    const experiment = await setExperiment(py, `compat-async-${typeof style.i64(1)}`);
    const runId: string = (await startRun(py, style, experiment.experiment_id)).info.run_id;
    const metrics = Array.from({ length: 5 }, (_, step) => ({
      key: "train/loss",
      value: 1 / (step + 1),
      timestamp: style.i64(T0 + step),
      step: style.i64(step),
      run_id: runId,
    }));
    const res = await py.mlflow("POST", "runs/log-batch", {
      run_id: runId,
      metrics,
      params: [{ key: "batch_size", value: "32" }],
      tags: [{ key: "mlflow.note.content", value: "async" }],
    });
    expect([res.status, res.text]).toEqual([200, "{}"]);
    // A queue flush with only tags (set_tag(..., synchronous=False)).
    expect((await py.mlflow("POST", "runs/log-batch", { run_id: runId, tags: [{ key: "later", value: "yes" }] })).status).toBe(200);
    const history = await py.mlflow("GET", "metrics/get-history", {
      run_uuid: runId,
      run_id: runId,
      metric_key: "train/loss",
      max_results: style.i64(25_000),
    });
    expect(history.status).toBe(200);
    expect(history.body.metrics.map((m: Json) => m.step)).toEqual([0, 1, 2, 3, 4]);
    expect(history.body.next_page_token).toBeUndefined();
    await endRun(py, style, runId);
  });

  it("nested runs carry mlflow.parentRunId and are found by search_runs", async () => {
    const experiment = await setExperiment(py, `compat-nested-${typeof style.i64(1)}`);
    const parent = await startRun(py, style, experiment.experiment_id, { runName: "parent" });
    const parentId: string = parent.info.run_id;
    const child = await startRun(py, style, experiment.experiment_id, { runName: "child", parentRunId: parentId });
    expect(tagMap(child)["mlflow.parentRunId"]).toBe(parentId);
    await endRun(py, style, child.info.run_id);
    await endRun(py, style, parentId);
    // fluent.search_runs(filter_string=f"tags.mlflow.parentRunId = '{id}'") pages with
    // NUM_RUNS_PER_PAGE_PANDAS = 10000 (fluent.py search_runs).
    const found = await py.mlflow("POST", "runs/search", {
      experiment_ids: [experiment.experiment_id],
      filter: `tags.mlflow.parentRunId = '${parentId}'`,
      run_view_type: "ACTIVE_ONLY",
      max_results: style.i64(10_000),
    });
    expect(found.status).toBe(200);
    expect(found.body.runs.map((r: Json) => r.info.run_id)).toEqual([child.info.run_id]);
    expect(found.body.next_page_token).toBeUndefined();
  });

  it("start_run(run_id=...) resumes a finished run: runs/get, runs/update RUNNING with the old end_time, log-batch of tags", async () => {
    const experiment = await setExperiment(py, `compat-resume-${typeof style.i64(1)}`);
    const runId: string = (await startRun(py, style, experiment.experiment_id)).info.run_id;
    const ended = await endRun(py, style, runId);
    const got = await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId });
    expect(got.body.run.info.end_time).toBe(ended.end_time);
    const resumed = await py.mlflow("POST", "runs/update", {
      run_uuid: runId,
      run_id: runId,
      status: "RUNNING",
      end_time: style.i64(got.body.run.info.end_time),
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body.run_info.status).toBe("RUNNING");
    expect((await py.mlflow("POST", "runs/log-batch", { run_id: runId, tags: [{ key: "mlflow.note.content", value: "resumed" }] })).status).toBe(200);
    // MlflowClient.update_run(run_id, name=...) renames through the same rpc.
    const renamed = await py.mlflow("POST", "runs/update", { run_uuid: runId, run_id: runId, status: "RUNNING", end_time: style.i64(ended.end_time), run_name: "renamed" });
    expect(renamed.body.run_info.run_name).toBe("renamed");
    expect(tagMap((await py.mlflow("GET", "runs/get", { run_id: runId })).body.run)["mlflow.runName"]).toBe("renamed");
    await endRun(py, style, runId, "KILLED");
  });

  it("delete_run / restore_run, and search with run_view_type by name", async () => {
    const experiment = await setExperiment(py, `compat-delete-run-${typeof style.i64(1)}`);
    const runId: string = (await startRun(py, style, experiment.experiment_id)).info.run_id;
    await endRun(py, style, runId);
    // rest_store.delete_run / restore_run send only run_id.
    const deleted = await py.mlflow("POST", "runs/delete", { run_id: runId });
    expect([deleted.status, deleted.text]).toEqual([200, "{}"]);
    expect((await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).body.run.info.lifecycle_stage).toBe("deleted");
    const search = (view: string) =>
      py.mlflow("POST", "runs/search", {
        experiment_ids: [experiment.experiment_id],
        filter: "",
        run_view_type: view,
        max_results: style.i64(1000),
      });
    expect((await search("ACTIVE_ONLY")).body.runs).toBeUndefined();
    expect((await search("DELETED_ONLY")).body.runs.map((r: Json) => r.info.run_id)).toEqual([runId]);
    expect((await search("ALL")).body.runs).toHaveLength(1);
    expect((await py.mlflow("POST", "runs/restore", { run_id: runId })).text).toBe("{}");
    expect((await search("ACTIVE_ONLY")).body.runs.map((r: Json) => r.info.run_id)).toEqual([runId]);
    // Writing to a deleted run is refused with INVALID_PARAMETER_VALUE, which the client surfaces.
    await py.mlflow("POST", "runs/delete", { run_id: runId });
    const refused = await py.mlflow("POST", "runs/log-parameter", { run_uuid: runId, run_id: runId, key: "k", value: "v" });
    expect([refused.status, refused.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("delete_tag and experiment tags: set-experiment-tag, delete-experiment-tag", async () => {
    const experiment = await setExperiment(py, `compat-tags-${typeof style.i64(1)}`);
    const experimentId: string = experiment.experiment_id;
    const runId: string = (await startRun(py, style, experimentId)).info.run_id;
    await py.mlflow("POST", "runs/set-tag", { run_uuid: runId, run_id: runId, key: "temp", value: "1" });
    // rest_store.delete_tag: DeleteTag(run_id, key) -- no run_uuid.
    expect((await py.mlflow("POST", "runs/delete-tag", { run_id: runId, key: "temp" })).text).toBe("{}");
    expect(tagMap((await py.mlflow("GET", "runs/get", { run_id: runId })).body.run).temp).toBeUndefined();
    const missing = await py.mlflow("POST", "runs/delete-tag", { run_id: runId, key: "temp" });
    expect([missing.status, missing.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);

    // fluent.set_experiment_tag -> SetExperimentTag(experiment_id, key, value).
    expect((await py.mlflow("POST", "experiments/set-experiment-tag", { experiment_id: experimentId, key: "owner", value: "alice" })).text).toBe("{}");
    const withTag = (await py.mlflow("GET", "experiments/get", { experiment_id: experimentId })).body.experiment;
    expect(withTag.tags).toEqual([{ key: "owner", value: "alice" }]);
    expect((await py.mlflow("POST", "experiments/delete-experiment-tag", { experiment_id: experimentId, key: "owner" })).text).toBe("{}");
    expect((await py.mlflow("GET", "experiments/get", { experiment_id: experimentId })).body.experiment.tags).toBeUndefined();
    await endRun(py, style, runId);
  });

  it("rename_experiment, delete_experiment and restore_experiment", async () => {
    const experiment = await setExperiment(py, `compat-rename-${typeof style.i64(1)}`);
    const experimentId: string = experiment.experiment_id;
    const newName = `compat-renamed-${typeof style.i64(1)}`;
    expect((await py.mlflow("POST", "experiments/update", { experiment_id: experimentId, new_name: newName })).text).toBe("{}");
    expect((await py.mlflow("GET", "experiments/get-by-name", { experiment_name: newName })).body.experiment.experiment_id).toBe(experimentId);
    const old = await py.mlflow("GET", "experiments/get-by-name", { experiment_name: experiment.name });
    expect([old.status, old.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);

    expect((await py.mlflow("POST", "experiments/delete", { experiment_id: experimentId })).text).toBe("{}");
    // set_experiment on a deleted experiment: get-by-name still finds it; the client then refuses it
    // by lifecycle_stage, so the server must return it (not 404).
    const deleted = await py.mlflow("GET", "experiments/get-by-name", { experiment_name: newName });
    expect(deleted.status).toBe(200);
    expect(deleted.body.experiment.lifecycle_stage).toBe("deleted");
    // start_run in a deleted experiment fails with an MLflow error, not a crash.
    const refused = await py.mlflow("POST", "runs/create", { experiment_id: experimentId, user_id: "alice", start_time: style.i64(T0), tags: contextTags() });
    expect([refused.status, refused.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect((await py.mlflow("POST", "experiments/restore", { experiment_id: experimentId })).text).toBe("{}");
    expect((await py.mlflow("GET", "experiments/get", { experiment_id: experimentId })).body.experiment.lifecycle_stage).toBe("active");
  });
});
