import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatServer, type Json, type PythonClient, startCompatServer } from "./test-support/python-client.js";

/**
 * Search, metric history and inputs as MLflow's Python client drives them: MlflowClient /
 * fluent search_experiments and search_runs (mlflow/tracking/fluent.py, client.py) paging with
 * `next_page_token`, TrackingServiceClient.get_metric_history's 3.x paging loop with
 * GET_METRIC_HISTORY_MAX_RESULTS = 25000 (mlflow/tracking/_tracking_service/client.py), and
 * fluent log_input / log_metric(dataset=..., model_id=...) (fluent.py
 * `_log_inputs_for_metrics_if_necessary`) over rest_store.log_inputs.
 */

const T0 = 1_700_000_000_000;

let server: CompatServer;
let py: PythonClient;
beforeAll(async () => {
  server = await startCompatServer();
  py = server.client;
});
afterAll(() => server.close());

async function createExperiment(name: string): Promise<string> {
  const res = await py.mlflow("POST", "experiments/create", { name });
  expect(res.status).toBe(200);
  return res.body.experiment_id;
}

async function createRun(experimentId: string, runName: string): Promise<string> {
  const res = await py.mlflow("POST", "runs/create", {
    experiment_id: experimentId,
    user_id: "alice",
    start_time: T0,
    run_name: runName,
    tags: [
      { key: "mlflow.user", value: "alice" },
      { key: "mlflow.runName", value: runName },
    ],
  });
  expect(res.status).toBe(200);
  return res.body.run.info.run_id;
}

describe("search_experiments", () => {
  it("pages with next_page_token, omitted on the last page (rest_store.search_experiments checks HasField)", async () => {
    for (const name of ["page-a", "page-b", "page-c", "page-d", "page-e"]) await createExperiment(`compat-${name}`);
    // MlflowClient.search_experiments(max_results=2, filter_string=..., order_by=[...]).
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await py.mlflow("POST", "experiments/search", {
        view_type: "ACTIVE_ONLY",
        max_results: 2,
        filter: "name LIKE 'compat-page-%'",
        order_by: ["name ASC"],
        ...(token ? { page_token: token } : {}),
      });
      expect(res.status).toBe(200);
      names.push(...res.body.experiments.map((e: Json) => e.name));
      token = res.body.next_page_token;
      if (token !== undefined) expect(typeof token).toBe("string");
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual(["compat-page-a", "compat-page-b", "compat-page-c", "compat-page-d", "compat-page-e"]);
  });

  it("mlflow.search_experiments(): max_results 1000 and view types by name or number; GET with repeated order_by", async () => {
    const id = await createExperiment("compat-view-deleted");
    await py.mlflow("POST", "experiments/delete", { experiment_id: id });
    const search = async (viewType: string | number) =>
      (await py.mlflow("POST", "experiments/search", { view_type: viewType, max_results: 1000 })).body.experiments.map((e: Json) => e.name);
    expect(await search("ACTIVE_ONLY")).toContain("Default");
    expect(await search("ACTIVE_ONLY")).not.toContain("compat-view-deleted");
    expect(await search("DELETED_ONLY")).toEqual(["compat-view-deleted"]);
    expect(await search(3)).toEqual(expect.arrayContaining(["Default", "compat-view-deleted"]));
    // The GET form (other clients): repeated order_by keys, enum by name.
    const res = await py.mlflow("GET", "experiments/search", {
      view_type: "ALL",
      max_results: 3,
      order_by: ["name DESC", "experiment_id ASC"],
      filter: "name LIKE 'compat-%'",
    });
    expect(res.status).toBe(200);
    expect(res.body.experiments).toHaveLength(3);
    expect(res.body.experiments[0].name).toBe("compat-view-deleted");
    expect(typeof res.body.next_page_token).toBe("string");
  });
});

describe("search_runs", () => {
  it("MlflowClient.search_runs(max_results=2) pages through ordered runs; run data is complete on every page", async () => {
    const experimentId = await createExperiment("compat-search-runs");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const runId = await createRun(experimentId, `run-${i}`);
      ids.push(runId);
      await py.mlflow("POST", "runs/log-batch", {
        run_id: runId,
        metrics: [{ key: "acc", value: i / 10, timestamp: T0 + i, step: 0, run_id: runId }],
        params: [{ key: "i", value: String(i) }],
      });
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await py.mlflow("POST", "runs/search", {
        experiment_ids: [experimentId],
        filter: "metrics.acc >= 0.1 and params.i != '4'",
        run_view_type: "ACTIVE_ONLY",
        max_results: 2,
        order_by: ["metrics.acc DESC"],
        ...(token ? { page_token: token } : {}),
      });
      expect(res.status).toBe(200);
      for (const run of res.body.runs) {
        expect(run.data.params.map((p: Json) => p.key)).toEqual(["i"]);
        expect(run.data.metrics[0]).toMatchObject({ key: "acc", step: 0 });
        seen.push(run.info.run_id);
      }
      token = res.body.next_page_token;
    } while (token);
    expect(seen).toEqual([ids[3], ids[2], ids[1]]);

    // mlflow.search_runs(experiment_ids) pages with max_results=10000 and sends filter "" (set explicitly).
    const all = await py.mlflow("POST", "runs/search", {
      experiment_ids: [experimentId],
      filter: "",
      run_view_type: "ACTIVE_ONLY",
      max_results: "10000",
    });
    expect(all.body.runs).toHaveLength(5);
    // Default ordering: start_time DESC then run_id; all start at T0 so ties break by run_id.
    expect(all.body.next_page_token).toBeUndefined();
  });

  it("a bad filter is INVALID_PARAMETER_VALUE (400), which the client raises as MlflowException", async () => {
    const res = await py.mlflow("POST", "runs/search", { experiment_ids: ["0"], filter: "metrics.acc >>> 1", max_results: 10 });
    expect([res.status, res.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });
});

describe("get_metric_history", () => {
  it("3.x pages with max_results=25000 until no next_page_token (client.get_metric_history)", async () => {
    const experimentId = await createExperiment("compat-history");
    const runId = await createRun(experimentId, "long-history");
    const total = 25_010;
    for (let start = 0; start < total; start += 1000) {
      const metrics = [];
      for (let step = start; step < Math.min(total, start + 1000); step++) {
        metrics.push({ key: "loss", value: 1 / (step + 1), timestamp: T0 + step, step });
      }
      expect((await py.mlflow("POST", "runs/log-batch", { run_id: runId, metrics })).status).toBe(200);
    }
    const steps: number[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const res = await py.mlflow("GET", "metrics/get-history", {
        run_uuid: runId,
        run_id: runId,
        metric_key: "loss",
        max_results: 25_000,
        ...(token ? { page_token: token } : {}),
      });
      expect(res.status).toBe(200);
      for (const m of res.body.metrics) steps.push(m.step);
      token = res.body.next_page_token;
      calls++;
    } while (token);
    expect(calls).toBe(2);
    expect(steps).toHaveLength(total);
    expect(steps[0]).toBe(0);
    expect(steps[total - 1]).toBe(total - 1);

    // 2.x clients before paging send no max_results and expect the whole history at once.
    const whole = await py.mlflow("GET", "metrics/get-history", { run_uuid: runId, run_id: runId, metric_key: "loss" });
    expect(whole.body.metrics).toHaveLength(total);
    expect(whole.body.next_page_token).toBeUndefined();
    // An unknown metric is an empty answer, not an error (client returns []).
    const none = await py.mlflow("GET", "metrics/get-history", { run_uuid: runId, run_id: runId, metric_key: "nope", max_results: 25_000 });
    expect([none.status, none.text]).toEqual([200, "{}"]);
  });
});

describe("query strings as requests encodes them", () => {
  it("names with spaces, '+', '&', '/' and non-ASCII round-trip through GET parameters", async () => {
    // requests urlencodes params: space -> '+', '+' -> '%2B', UTF-8 percent-encoded.
    const name = "team a/exp+1 & ümlaut";
    const experimentId = await createExperiment(name);
    const byName = await py.mlflow("GET", "experiments/get-by-name", { experiment_name: name });
    expect(py.sent.at(-1)?.url).toContain("experiment_name=team+a%2Fexp%2B1+%26+%C3%BCmlaut");
    expect(byName.body.experiment).toMatchObject({ experiment_id: experimentId, name });
    const runId = await createRun(experimentId, "spaces");
    const key = "val loss/epoch end";
    await py.mlflow("POST", "runs/log-metric", { run_uuid: runId, run_id: runId, key, value: 2, timestamp: T0, step: 0 });
    const history = await py.mlflow("GET", "metrics/get-history", { run_uuid: runId, run_id: runId, metric_key: key, max_results: 25_000 });
    expect(history.body.metrics).toEqual([{ key, value: 2, timestamp: T0, step: 0 }]);
  });
});

describe("inputs", () => {
  /** What `Dataset._to_mlflow_entity().to_proto()` holds for a pandas dataset (mlflow/data/pandas_dataset.py). */
  const dataset = {
    name: "iris",
    digest: "4bc3a9b2",
    source_type: "local",
    source: JSON.stringify({ uri: "/data/iris.csv" }),
    schema: JSON.stringify({ mlflow_colspec: [{ type: "double", name: "sepal_length", required: true }] }),
    profile: JSON.stringify({ num_rows: 150, num_elements: 600 }),
  };

  it("log_input(dataset, context='training'): log-inputs, then runs/get shows inputs.dataset_inputs", async () => {
    const experimentId = await createExperiment("compat-inputs");
    const runId = await createRun(experimentId, "with-dataset");
    const res = await py.mlflow("POST", "runs/log-inputs", {
      run_id: runId,
      datasets: [{ tags: [{ key: "mlflow.data.context", value: "training" }], dataset }],
    });
    expect([res.status, res.text]).toEqual([200, "{}"]);
    const run = (await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).body.run;
    expect(run.inputs.dataset_inputs).toEqual([{ tags: [{ key: "mlflow.data.context", value: "training" }], dataset }]);
    // search_runs reads the same shape.
    const found = await py.mlflow("POST", "runs/search", { experiment_ids: [experimentId], filter: "dataset.context = 'training'", max_results: 10 });
    expect(found.body.runs[0].inputs.dataset_inputs[0].dataset.digest).toBe("4bc3a9b2");
  });

  it("log_metric(..., dataset=ds) in 3.x: runs/get, log-inputs for the new dataset, log-metric with dataset_name/digest", async () => {
    const experimentId = await createExperiment("compat-metric-dataset");
    const runId = await createRun(experimentId, "metric-dataset");
    const run = (await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).body.run;
    // (metric.dataset_name, digest) not in [(inp.dataset.name, inp.dataset.digest) for inp in run.inputs.dataset_inputs]
    expect(run.inputs?.dataset_inputs ?? []).toEqual([]);
    expect((await py.mlflow("POST", "runs/log-inputs", { run_id: runId, datasets: [{ dataset }] })).status).toBe(200);
    const res = await py.mlflow("POST", "runs/log-metric", {
      run_uuid: runId,
      run_id: runId,
      key: "eval_acc",
      value: 0.97,
      timestamp: T0,
      step: 0,
      dataset_name: "iris",
      dataset_digest: "4bc3a9b2",
    });
    expect([res.status, res.text]).toEqual([200, "{}"]);
    // MLflow's SQL server keeps metric history as (key, value, timestamp, step): the dataset
    // fields are accepted but not echoed by get-history (SqlMetric has no such columns).
    const history = await py.mlflow("GET", "metrics/get-history", { run_uuid: runId, run_id: runId, metric_key: "eval_acc", max_results: 25_000 });
    expect(history.body.metrics).toHaveLength(1);
    expect(history.body.metrics[0]).toMatchObject({ key: "eval_acc", value: 0.97, timestamp: T0, step: 0 });
  });

  it("log_metric(..., model_id=m) in 3.x: log-inputs with models, then runs/get lists inputs.model_inputs", async () => {
    const experimentId = await createExperiment("compat-metric-model");
    const runId = await createRun(experimentId, "metric-model");
    const model = await py.mlflow("POST", "logged-models", { experiment_id: experimentId, name: "scorer" });
    expect(model.status).toBe(200);
    const modelId: string = model.body.model.info.model_id;
    // _log_inputs_for_metrics_if_necessary: model_id not among inputs/outputs -> log_inputs(models=[...]).
    const inputs = await py.mlflow("POST", "runs/log-inputs", { run_id: runId, models: [{ model_id: modelId }] });
    expect([inputs.status, inputs.text]).toEqual([200, "{}"]);
    const run = (await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).body.run;
    expect(run.inputs.model_inputs).toEqual([{ model_id: modelId }]);
    // The next log_metric finds the model among the inputs and logs directly.
    const res = await py.mlflow("POST", "runs/log-metric", {
      run_uuid: runId,
      run_id: runId,
      key: "score",
      value: 1.5,
      timestamp: T0,
      step: 3,
      model_id: modelId,
    });
    expect([res.status, res.text]).toEqual([200, "{}"]);
    const history = await py.mlflow("GET", "metrics/get-history", { run_uuid: runId, run_id: runId, metric_key: "score", max_results: 25_000 });
    expect(history.body.metrics).toHaveLength(1);
    expect(history.body.metrics[0]).toMatchObject({ key: "score", value: 1.5, timestamp: T0, step: 3 });
    // Logging the same model input again is harmless.
    expect((await py.mlflow("POST", "runs/log-inputs", { run_id: runId, models: [{ model_id: modelId }] })).status).toBe(200);
    const again = (await py.mlflow("GET", "runs/get", { run_id: runId })).body.run;
    expect(again.inputs.model_inputs).toEqual([{ model_id: modelId }]);
    // A model that does not exist is RESOURCE_DOES_NOT_EXIST.
    const missing = await py.mlflow("POST", "runs/log-inputs", { run_id: runId, models: [{ model_id: "m-00000000000000000000000000000000" }] });
    expect([missing.status, missing.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });
});
