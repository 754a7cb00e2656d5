import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatServer, type Json, type PythonClient, startCompatServer } from "./test-support/python-client.js";

/**
 * Model logging and registration as MLflow's Python clients drive them.
 *
 * 3.x: `Model.log` (mlflow/models/model.py): runs/get for the run's params, POST logged-models
 * (fluent._create_logged_model with the resolved context tags), runs/outputs, then
 * `log_model_metrics_for_step` (runs/get, get-history per metric, log-batch with model_id),
 * the artifact PUTs under the logged model's artifact_location (client.log_model_artifacts
 * resolves it with GET logged-models/{id}), PATCH logged-models/{id} to LOGGED_MODEL_READY
 * (fluent._use_logged_model), and with `registered_model_name`
 * mlflow/tracking/_model_registry/fluent.py `_register_model`: registered-models/create
 * (RESOURCE_ALREADY_EXISTS tolerated by that exact code), model-versions/create with
 * `source=models:/<id>` and `model_id`, get until READY (registry client), then the
 * logged model's `mlflow.modelVersions` tag through PATCH logged-models/{id}/tags.
 *
 * 2.x: `Model._log_v2`: run artifacts plus runs/log-model (rest_store.record_logged_model), and
 * registration with the run's underlying `mlflow-artifacts:` source and `run_id`, or a
 * `runs:/` source given to MlflowClient.create_model_version directly.
 *
 * Registry calls go through mlflow/store/model_registry/rest_store.py: DELETE requests carry a
 * JSON body; get-latest-versions tries POST first (call_endpoints).
 */

const T0 = 1_700_000_000_000;
const PROXY = "/api/2.0/mlflow-artifacts/artifacts";

let server: CompatServer;
let py: PythonClient;
beforeAll(async () => {
  server = await startCompatServer();
  py = server.client;
});
afterAll(() => server.close());

/** The files `save_model` writes for an sklearn model. */
const MODEL_FILES: Record<string, { body: string; type: string }> = {
  MLmodel: { body: "artifact_path: model\nflavors:\n  python_function: {}\n  sklearn: {}\n", type: "application/octet-stream" },
  "model.pkl": { body: "\u0080\u0004pickle", type: "application/octet-stream" },
  "requirements.txt": { body: "mlflow==3.3.0\nscikit-learn==1.5.0\n", type: "text/plain" },
  "python_env.yaml": { body: "python: 3.11\n", type: "application/x-yaml" },
};

/** resolve_uri of an `mlflow-artifacts:` location: the proxy path under /api/2.0/mlflow-artifacts/artifacts. */
function proxyPath(uri: string): string {
  expect(uri.startsWith("mlflow-artifacts:")).toBe(true);
  return PROXY + new URL(uri.replace(/^mlflow-artifacts:/, "http://placeholder")).pathname;
}

/** log_artifacts(local_dir) into an artifact repository rooted at `uri`. */
async function uploadModelFiles(uri: string, prefix = ""): Promise<void> {
  for (const [name, file] of Object.entries(MODEL_FILES)) {
    const res = await py.request("PUT", `${proxyPath(uri)}/${prefix}${name}`, new TextEncoder().encode(file.body), { "Content-Type": file.type });
    expect(res.status, res.text).toBe(200);
  }
}

/** What loading a model reads first: list the root, then fetch MLmodel. */
async function readMLmodel(uri: string): Promise<string> {
  const root = proxyPath(uri).slice(PROXY.length + 1);
  const listing = await py.call("GET", "/api/2.0/mlflow-artifacts/artifacts", { path: root });
  expect(listing.status).toBe(200);
  expect(listing.body.files.map((f: Json) => f.path).sort()).toEqual(Object.keys(MODEL_FILES).sort());
  const file = await py.request("GET", `${proxyPath(uri)}/MLmodel`);
  expect(file.status).toBe(200);
  return file.text;
}

async function startRun(experimentName: string): Promise<{ experimentId: string; runId: string; artifactUri: string }> {
  const experimentId: string = (await py.mlflow("POST", "experiments/create", { name: experimentName })).body.experiment_id;
  const run = (
    await py.mlflow("POST", "runs/create", {
      experiment_id: experimentId,
      user_id: "alice",
      start_time: T0,
      tags: [
        { key: "mlflow.user", value: "alice" },
        { key: "mlflow.source.name", value: "train.py" },
        { key: "mlflow.source.type", value: "LOCAL" },
      ],
    })
  ).body.run;
  return { experimentId, runId: run.info.run_id, artifactUri: run.info.artifact_uri };
}

/** `_register_model`'s first step: create the registered model, tolerating RESOURCE_ALREADY_EXISTS only. */
async function createRegisteredModel(name: string): Promise<void> {
  const res = await py.mlflow("POST", "registered-models/create", { name });
  if (res.status === 200) {
    expect(res.body.registered_model.name).toBe(name);
    return;
  }
  expect([res.status, res.body.error_code]).toEqual([400, "RESOURCE_ALREADY_EXISTS"]);
}

/** The registry client's create_model_version: create, then get until status is no longer PENDING_REGISTRATION. */
async function createModelVersion(body: Record<string, string>): Promise<Json> {
  const created = await py.mlflow("POST", "model-versions/create", body);
  expect(created.status, created.text).toBe(200);
  let mv = created.body.model_version;
  for (let i = 0; i < 5 && mv.status === "PENDING_REGISTRATION"; i++) {
    mv = (await py.mlflow("GET", "model-versions/get", { name: mv.name, version: mv.version })).body.model_version;
  }
  expect(mv.status).toBe("READY");
  return mv;
}

describe("MLflow 3.x log_model(..., registered_model_name=...)", () => {
  it("creates, links, uploads, finalizes and registers a logged model", async () => {
    const { experimentId, runId } = await startRun("compat-log-model-3x");
    await py.mlflow("POST", "runs/log-batch", {
      run_id: runId,
      params: [{ key: "C", value: "1.0" }],
      metrics: [
        { key: "accuracy", value: 0.93, timestamp: T0, step: 0, run_id: runId },
        { key: "accuracy", value: 0.95, timestamp: T0 + 1, step: 1, run_id: runId },
      ],
    });

    // 1. client.get_run(run_id).data.params feed the model's params.
    const params = (await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).body.run.data.params;
    expect(params).toEqual([{ key: "C", value: "1.0" }]);
    // 2. POST logged-models (rest_store.create_logged_model).
    const created = await py.mlflow("POST", "logged-models", {
      experiment_id: experimentId,
      name: "model",
      source_run_id: runId,
      params,
      tags: [
        { key: "mlflow.user", value: "alice" },
        { key: "mlflow.source.name", value: "train.py" },
        { key: "mlflow.source.type", value: "LOCAL" },
      ],
    });
    expect(created.status, created.text).toBe(200);
    const model = created.body.model;
    const modelId: string = model.info.model_id;
    expect(modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(model.info).toMatchObject({
      experiment_id: experimentId,
      name: "model",
      source_run_id: runId,
      status: "LOGGED_MODEL_PENDING",
      artifact_uri: `mlflow-artifacts:/${experimentId}/models/${modelId}/artifacts`,
    });
    expect(typeof model.info.creation_timestamp_ms).toBe("number");
    expect(model.data.params).toEqual([{ key: "C", value: "1.0" }]);

    // 3. runs/outputs, then the run shows the output (the active run's cache is refreshed from it).
    expect((await py.mlflow("POST", "runs/outputs", { run_id: runId, models: [{ model_id: modelId, step: 0 }] })).text).toBe("{}");
    // 4. log_model_metrics_for_step: runs/get, get-history for each metric, log-batch of the step's metrics with model_id.
    const run = (await py.mlflow("GET", "runs/get", { run_uuid: runId, run_id: runId })).body.run;
    expect(run.outputs.model_outputs).toEqual([{ model_id: modelId, step: 0 }]);
    const history = (await py.mlflow("GET", "metrics/get-history", { run_uuid: runId, run_id: runId, metric_key: "accuracy", max_results: 25_000 })).body.metrics;
    const atStep = history.filter((m: Json) => m.step === 0 && m.model_id === undefined);
    expect(atStep).toHaveLength(1);
    const relinked = await py.mlflow("POST", "runs/log-batch", {
      run_id: runId,
      metrics: atStep.map((m: Json) => ({ key: m.key, value: m.value, timestamp: m.timestamp, step: m.step, model_id: modelId })),
    });
    expect(relinked.text).toBe("{}");
    // Re-logging a metric point with its model_id does not duplicate the run's history...
    expect((await py.mlflow("GET", "metrics/get-history", { run_id: runId, metric_key: "accuracy", max_results: 25_000 })).body.metrics).toHaveLength(2);
    // ...and links it to the model: LoggedModel.metrics (what `mlflow.get_logged_model(id).metrics` shows).
    const linked = (await py.call("GET", `/api/2.0/mlflow/logged-models/${modelId}`)).body.model.data.metrics;
    expect(linked).toEqual([{ key: "accuracy", value: 0.93, timestamp: T0, step: 0, model_id: modelId, run_id: runId }]);

    // 5. log_model_artifacts: GET logged-models/{id} (no query), then PUTs under its artifact_location.
    const got = await py.call("GET", `/api/2.0/mlflow/logged-models/${modelId}`);
    expect(got.status).toBe(200);
    const location: string = got.body.model.info.artifact_uri;
    await uploadModelFiles(location);
    // 6. _use_logged_model: PATCH logged-models/{id} with the status by name.
    const finalized = await py.call("PATCH", `/api/2.0/mlflow/logged-models/${modelId}`, { model_id: modelId, status: "LOGGED_MODEL_READY" });
    expect(finalized.status, finalized.text).toBe(200);
    expect(finalized.body.model.info.status).toBe("LOGGED_MODEL_READY");

    // 7. _register_model("models:/<id>", "CompatModel").
    await createRegisteredModel("CompatModel");
    await createRegisteredModel("CompatModel");
    const mv = await createModelVersion({ name: "CompatModel", source: `models:/${modelId}`, model_id: modelId });
    expect(mv).toMatchObject({ name: "CompatModel", version: "1", source: `models:/${modelId}`, current_stage: "None", model_id: modelId });
    // 8. The logged model's mlflow.modelVersions tag: read it, append, PATCH .../tags (no model_id in the body).
    const withTags = (await py.call("GET", `/api/2.0/mlflow/logged-models/${modelId}`)).body.model;
    const existing = (withTags.info.tags ?? []).find((t: Json) => t.key === "mlflow.modelVersions")?.value;
    const value = JSON.stringify([...(existing ? JSON.parse(existing) : []), { name: "CompatModel", version: "1" }]);
    const tagged = await py.call("PATCH", `/api/2.0/mlflow/logged-models/${modelId}/tags`, { tags: [{ key: "mlflow.modelVersions", value }] });
    expect([tagged.status, tagged.text]).toEqual([200, "{}"]);

    // Loading models:/CompatModel/1 resolves the download URI and reads the files.
    const download = await py.mlflow("GET", "model-versions/get-download-uri", { name: "CompatModel", version: "1" });
    expect(download.body.artifact_uri).toBe(location);
    expect(await readMLmodel(download.body.artifact_uri)).toContain("flavors:");
    // Loading models:/<model_id> reads the logged model's artifact location.
    expect(await readMLmodel(location)).toContain("sklearn");
  });

  it("runs:/<run>/<name> of a 3.x model: no run artifacts there, so the client finds the logged model by search", async () => {
    const { experimentId, runId, artifactUri } = await startRun("compat-runs-uri-3x");
    const modelId: string = (
      await py.mlflow("POST", "logged-models", { experiment_id: experimentId, name: "clf", source_run_id: runId })
    ).body.model.info.model_id;
    await py.mlflow("POST", "runs/outputs", { run_id: runId, models: [{ model_id: modelId, step: 0 }] });
    // RunsArtifactRepository._is_directory("clf"): listing the run's artifacts there is empty.
    const root = proxyPath(artifactUri).slice(PROXY.length + 1);
    expect((await py.call("GET", "/api/2.0/mlflow-artifacts/artifacts", { path: `${root}/clf` })).body).toEqual({});
    // _get_logged_models_from_run: search the experiment's logged models (no max_results), filter client-side.
    const found = await py.mlflow("POST", "logged-models/search", { experiment_ids: [experimentId] });
    expect(found.status, found.text).toBe(200);
    const matches = found.body.models.filter((m: Json) => m.info.source_run_id === runId && m.info.name === "clf");
    expect(matches.map((m: Json) => m.info.model_id)).toEqual([modelId]);
    expect(found.body.next_page_token).toBeUndefined();
    // mlflow.search_logged_models(order_by=[{"field_name": "creation_time", "ascending": True}]).
    const ordered = await py.mlflow("POST", "logged-models/search", {
      experiment_ids: [experimentId],
      filter: "name = 'clf'",
      order_by: [{ field_name: "creation_time", ascending: true }],
    });
    expect(ordered.body.models).toHaveLength(1);
  });

  it("metrics logged with model_id (log_metric(model_id=...), evaluate) are searchable and sortable per model", async () => {
    const { experimentId, runId } = await startRun("compat-logged-model-metrics");
    const ids: string[] = [];
    for (const [name, acc] of [["a", 0.7], ["b", 0.9], ["c", undefined]] as const) {
      const id: string = (await py.mlflow("POST", "logged-models", { experiment_id: experimentId, name, source_run_id: runId })).body.model.info.model_id;
      ids.push(id);
      if (acc === undefined) continue;
      await py.mlflow("POST", "runs/log-inputs", { run_id: runId, models: [{ model_id: id }] });
      // log_metric(key, value, model_id=..., dataset=...): LogMetric carries model_id and the dataset fields.
      await py.mlflow("POST", "runs/log-metric", {
        run_uuid: runId,
        run_id: runId,
        key: "accuracy",
        value: acc,
        timestamp: T0,
        step: 0,
        model_id: id,
        dataset_name: "eval",
        dataset_digest: "d1",
      });
    }
    const search = async (body: Record<string, unknown>) => {
      const res = await py.mlflow("POST", "logged-models/search", { experiment_ids: [experimentId], ...body } as never);
      expect(res.status, res.text).toBe(200);
      return (res.body.models ?? []).map((m: Json) => m.info.name);
    };
    // mlflow.search_logged_models(filter_string="metrics.accuracy > 0.8")
    expect(await search({ filter: "metrics.accuracy > 0.8" })).toEqual(["b"]);
    // datasets=[{"dataset_name": ...}] restricts metric filters to points of those datasets.
    expect((await search({ filter: "metrics.accuracy > 0.5", datasets: [{ dataset_name: "eval", dataset_digest: "d1" }] })).sort()).toEqual(["a", "b"]);
    expect(await search({ filter: "metrics.accuracy > 0.5", datasets: [{ dataset_name: "train" }] })).toEqual([]);
    expect((await search({ datasets: [{ dataset_name: "eval" }] })).sort()).toEqual(["a", "b"]);
    // order_by=[{"field_name": "metrics.accuracy", "ascending": False}]: models without the metric last.
    expect(await search({ order_by: [{ field_name: "metrics.accuracy", ascending: false }] })).toEqual(["b", "a", "c"]);
    expect(await search({ order_by: [{ field_name: "metrics.accuracy", ascending: true, dataset_name: "eval" }] })).toEqual(["a", "b", "c"]);
    const bad = await py.mlflow("POST", "logged-models/search", { experiment_ids: [experimentId], order_by: [{ field_name: "params.x" }] });
    expect([bad.status, bad.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const model = (await py.call("GET", `/api/2.0/mlflow/logged-models/${ids[1]}`)).body.model;
    expect(model.data.metrics).toEqual([
      { key: "accuracy", value: 0.9, timestamp: T0, step: 0, dataset_name: "eval", dataset_digest: "d1", model_id: ids[1], run_id: runId },
    ]);
  });

  it("logged-model params and tags: log params, set and delete a tag, delete the model", async () => {
    const { experimentId } = await startRun("compat-logged-model-crud");
    const modelId: string = (await py.mlflow("POST", "logged-models", { experiment_id: experimentId })).body.model.info.model_id;
    // rest_store.log_logged_model_params: POST logged-models/{id}/params with model_id in the body too.
    const logged = await py.call("POST", `/api/2.0/mlflow/logged-models/${modelId}/params`, { model_id: modelId, params: [{ key: "depth", value: "3" }] });
    expect([logged.status, logged.text]).toEqual([200, "{}"]);
    await py.call("PATCH", `/api/2.0/mlflow/logged-models/${modelId}/tags`, { tags: [{ key: "mlflow.model.isExternal", value: "true" }] });
    // delete_logged_model_tag: DELETE logged-models/{id}/tags/{key}, no body.
    const untagged = await py.request("DELETE", `/api/2.0/mlflow/logged-models/${modelId}/tags/mlflow.model.isExternal`);
    expect([untagged.status, untagged.text]).toEqual([200, "{}"]);
    const model = (await py.call("GET", `/api/2.0/mlflow/logged-models/${modelId}`)).body.model;
    expect(model.data.params).toEqual([{ key: "depth", value: "3" }]);
    expect((model.info.tags ?? []).map((t: Json) => t.key)).not.toContain("mlflow.model.isExternal");
    // delete_logged_model sends DELETE with a JSON body.
    expect((await py.call("DELETE", `/api/2.0/mlflow/logged-models/${modelId}`, { model_id: modelId })).text).toBe("{}");
    const gone = await py.call("GET", `/api/2.0/mlflow/logged-models/${modelId}`);
    expect([gone.status, gone.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });
});

describe("MLflow 2.x log_model(..., registered_model_name=...)", () => {
  it("run artifacts, runs/log-model, registration from the run's artifact location, stages and aliases", async () => {
    const { runId, artifactUri } = await startRun("compat-log-model-2x");
    await uploadModelFiles(artifactUri, "model/");
    // _record_logged_model: LogModel(run_id, model_json=json.dumps(mlflow_model.get_tags_dict())).
    const modelJson = JSON.stringify({
      artifact_path: "model",
      flavors: { python_function: { loader_module: "mlflow.sklearn" }, sklearn: { sklearn_version: "1.5.0" } },
      run_id: runId,
      model_uuid: "0f2b7e40a1c54e0a9c0d7e1b5c3f8a21",
      mlflow_version: "2.16.2",
      utc_time_created: "2024-09-01 12:00:00.000000",
    });
    expect((await py.mlflow("POST", "runs/log-model", { run_id: runId, model_json: modelJson })).text).toBe("{}");
    const history = (await py.mlflow("GET", "runs/get", { run_id: runId })).body.run.data.tags.find((t: Json) => t.key === "mlflow.log-model.history");
    expect(JSON.parse(history.value)[0]).toMatchObject({ artifact_path: "model", run_id: runId });

    // _register_model("runs:/<run>/model"): source = RunsArtifactRepository.get_underlying_uri(...).
    await createRegisteredModel("CompatModel2x");
    const mv1 = await createModelVersion({ name: "CompatModel2x", source: `${artifactUri}/model`, run_id: runId });
    expect(mv1).toMatchObject({ version: "1", run_id: runId, source: `${artifactUri}/model` });
    // MlflowClient.create_model_version(name, "runs:/<run>/model", run_id) keeps the runs:/ source.
    const mv2 = await createModelVersion({ name: "CompatModel2x", source: `runs:/${runId}/model`, run_id: runId });
    expect(mv2.version).toBe("2");
    const uri2 = (await py.mlflow("GET", "model-versions/get-download-uri", { name: "CompatModel2x", version: "2" })).body.artifact_uri;
    expect(await readMLmodel(uri2)).toContain("artifact_path: model");

    // transition_model_version_stage (2.x): version as a string, bool as JSON.
    const staged = await py.mlflow("POST", "model-versions/transition-stage", {
      name: "CompatModel2x",
      version: "1",
      stage: "Staging",
      archive_existing_versions: false,
    });
    expect(staged.body.model_version.current_stage).toBe("Staging");
    // get_latest_versions: POST first (call_endpoints), with stages.
    const latest = await py.mlflow("POST", "registered-models/get-latest-versions", { name: "CompatModel2x", stages: ["Staging"] });
    expect(latest.body.model_versions.map((v: Json) => v.version)).toEqual(["1"]);
    const latestGet = await py.mlflow("GET", "registered-models/get-latest-versions", { name: "CompatModel2x" });
    expect(latestGet.body.model_versions.map((v: Json) => v.version).sort()).toEqual(["1", "2"]);

    // GET with repeated `stages` keys (requests' list encoding).
    const both = await py.mlflow("GET", "registered-models/get-latest-versions", { name: "CompatModel2x", stages: ["Staging", "None"] });
    expect(both.body.model_versions.map((v: Json) => v.version).sort()).toEqual(["1", "2"]);
    // update_registered_model / update_model_version: PATCH with a JSON body.
    const described = await py.mlflow("PATCH", "registered-models/update", { name: "CompatModel2x", description: "from 2.x" });
    expect(described.body.registered_model.description).toBe("from 2.x");
    const mvDescribed = await py.mlflow("PATCH", "model-versions/update", { name: "CompatModel2x", version: "2", description: "v2" });
    expect(mvDescribed.body.model_version.description).toBe("v2");

    // Aliases: set (POST), get (GET), delete (DELETE with a JSON body).
    expect((await py.mlflow("POST", "registered-models/alias", { name: "CompatModel2x", alias: "champion", version: "2" })).text).toBe("{}");
    const byAlias = await py.mlflow("GET", "registered-models/alias", { name: "CompatModel2x", alias: "champion" });
    expect(byAlias.body.model_version).toMatchObject({ version: "2", aliases: ["champion"] });
    expect((await py.mlflow("DELETE", "registered-models/alias", { name: "CompatModel2x", alias: "champion" })).text).toBe("{}");

    // Version tags: set (POST), delete (DELETE with a JSON body).
    expect((await py.mlflow("POST", "model-versions/set-tag", { name: "CompatModel2x", version: "1", key: "validated", value: "yes" })).text).toBe("{}");
    expect((await py.mlflow("DELETE", "model-versions/delete-tag", { name: "CompatModel2x", version: "1", key: "validated" })).text).toBe("{}");

    // search_model_versions (GET, SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT = 10000) and search_registered_models (100).
    const versions = await py.mlflow("GET", "model-versions/search", { filter: "name='CompatModel2x'", max_results: 10_000 });
    expect(versions.body.model_versions.map((v: Json) => v.version).sort()).toEqual(["1", "2"]);
    const models = await py.mlflow("GET", "registered-models/search", { filter: "name LIKE 'CompatModel%'", max_results: 100 });
    expect(models.body.registered_models.map((m: Json) => m.name)).toContain("CompatModel2x");
    const rm = (await py.mlflow("GET", "registered-models/get", { name: "CompatModel2x" })).body.registered_model;
    expect(rm.latest_versions.map((v: Json) => v.current_stage).sort()).toEqual(["None", "Staging"]);

    // Deletes are DELETE requests with JSON bodies.
    expect((await py.mlflow("DELETE", "model-versions/delete", { name: "CompatModel2x", version: "1" })).text).toBe("{}");
    expect((await py.mlflow("DELETE", "registered-models/delete", { name: "CompatModel2x" })).text).toBe("{}");
    const missing = await py.mlflow("GET", "registered-models/get", { name: "CompatModel2x" });
    expect([missing.status, missing.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });
});
