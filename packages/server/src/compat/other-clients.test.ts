import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatServer, type Json, type PythonClient, startCompatServer } from "./test-support/python-client.js";

/**
 * Requests of MLflow clients other than current Python: the Java client
 * (mlflow/java/client/src/main/java/org/mlflow/tracking/MlflowClient.java; protobuf's JsonFormat
 * printer writes int64 as strings and enums by name, and GETs put `run_uuid` and `run_id` in the
 * query string), and old or R clients that send `experiment_id(s)` as JSON numbers, which
 * MLflow's server reads as strings (`_stringify_all_experiment_ids` in
 * mlflow/utils/proto_json_utils.py, applied by handlers.py `_get_request_message`), or post their
 * JSON double-encoded as a string.
 */

let server: CompatServer;
let http: PythonClient;
beforeAll(async () => {
  server = await startCompatServer();
  http = server.client;
});
afterAll(() => server.close());

/** A raw POST with exactly this body text, as a non-Python client writes it. */
function postText(path: string, text: string, contentType = "application/json; charset=utf-8") {
  return http.request("POST", `/api/2.0/mlflow/${path}`, text, { "Content-Type": contentType });
}

describe("Java client", () => {
  it("createRun, logParam/logMetric, setTerminated, getRun, getMetricHistory, searchRuns", async () => {
    // MlflowClient.createRun(experimentId): CreateRun with experiment_id, start_time (int64 string), user_id.
    const created = await postText("runs/create", '{\n  "experiment_id": "0",\n  "user_id": "builder",\n  "start_time": "1700000000000"\n}');
    expect(created.status, created.text).toBe(200);
    const info = created.body.run.info;
    expect(info).toMatchObject({ experiment_id: "0", user_id: "builder", status: "RUNNING", start_time: 1_700_000_000_000 });
    const runId: string = info.run_id;
    expect(info.run_uuid).toBe(runId);

    expect((await postText("runs/log-parameter", JSON.stringify({ run_uuid: runId, run_id: runId, key: "alpha", value: "0.5" }))).text).toBe("{}");
    // logMetric(runId, key, value, timestamp, step): LogMetric with int64 strings; NaN as the string "NaN".
    for (const [value, step] of [["0.75", "0"], ['"NaN"', "1"]] as const) {
      const body = `{"run_uuid":"${runId}","run_id":"${runId}","key":"rmse","value":${value},"timestamp":"1700000000001","step":"${step}"}`;
      expect((await postText("runs/log-metric", body)).text).toBe("{}");
    }
    // logBatch: metrics/params/tags lists.
    const batch = {
      run_id: runId,
      metrics: [{ key: "mae", value: 0.1, timestamp: "1700000000002", step: "0" }],
      params: [{ key: "beta", value: "2" }],
      tags: [{ key: "lang", value: "java" }],
    };
    expect((await postText("runs/log-batch", JSON.stringify(batch))).text).toBe("{}");
    // setTerminated(runId, status, endTime): UpdateRun with run_uuid and run_id.
    const ended = await postText("runs/update", JSON.stringify({ run_uuid: runId, run_id: runId, status: "FAILED", end_time: "1700000009999" }));
    expect(ended.body.run_info).toMatchObject({ status: "FAILED", end_time: 1_700_000_009_999 });

    // getRun / getMetricHistory: GET with run_uuid and run_id query parameters.
    const run = (await http.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).body.run;
    expect(Object.fromEntries(run.data.params.map((p: Json) => [p.key, p.value]))).toEqual({ alpha: "0.5", beta: "2" });
    const history = await http.mlflow("GET", "metrics/get-history", { run_uuid: runId, metric_key: "rmse" });
    expect(history.body.metrics.map((m: Json) => m.value)).toEqual([0.75, "NaN"]);

    // searchRuns(experimentIds, filter, ViewType.ACTIVE_ONLY, 1000): enum by name, int64 max_results.
    const found = await postText(
      "runs/search",
      JSON.stringify({ experiment_ids: ["0"], filter: "params.alpha = '0.5'", run_view_type: "ACTIVE_ONLY", max_results: 1000 }),
    );
    expect(found.body.runs.map((r: Json) => r.info.run_id)).toEqual([runId]);
  });
});

describe("old and R clients", () => {
  it("experiment_id and experiment_ids given as JSON numbers are read as strings", async () => {
    const experimentId: string = (await http.mlflow("POST", "experiments/create", { name: "compat-numeric-ids" })).body.experiment_id;
    const numeric = Number(experimentId);
    const created = await http.mlflow("POST", "runs/create", { experiment_id: numeric, start_time: 1_700_000_000_000, tags: [] });
    expect(created.status, created.text).toBe(200);
    expect(created.body.run.info.experiment_id).toBe(experimentId);
    const found = await http.mlflow("POST", "runs/search", { experiment_ids: [0, numeric], max_results: 100 });
    expect(found.status, found.text).toBe(200);
    expect(found.body.runs.map((r: Json) => r.info.run_id)).toContain(created.body.run.info.run_id);
    expect((await http.mlflow("POST", "experiments/set-experiment-tag", { experiment_id: numeric, key: "k", value: "v" })).text).toBe("{}");
    expect((await http.mlflow("POST", "experiments/update", { experiment_id: numeric, new_name: "compat-numeric-ids-2" })).text).toBe("{}");
    const model = await http.mlflow("POST", "logged-models", { experiment_id: numeric, name: "numeric" });
    expect(model.status, model.text).toBe(200);
    const models = await http.mlflow("POST", "logged-models/search", { experiment_ids: [numeric] });
    expect(models.body.models).toHaveLength(1);
    // Other string fields stay strict, as MLflow's ParseDict is.
    const refused = await http.mlflow("POST", "runs/set-tag", { run_id: 123, key: "k", value: "v" });
    expect([refused.status, refused.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("a body posted double-encoded as a JSON string is decoded twice", async () => {
    const name = "compat-double-encoded";
    const res = await postText("experiments/create", JSON.stringify(JSON.stringify({ name })));
    expect(res.status, res.text).toBe(200);
    expect((await http.mlflow("GET", "experiments/get-by-name", { experiment_name: name })).body.experiment.experiment_id).toBe(res.body.experiment_id);
  });
});
