import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../app/start-server.js";
import { type RestClient, type RestResponse, restClient } from "./rest-client.js";
import type { TestBackend, TestDatabase } from "./test-backends.js";

interface Ctx {
  readonly server: RunningServer;
  readonly database: TestDatabase;
  readonly api: RestClient;
  readonly artifacts: string;
}

let counter = 0;
const uniqueName = (prefix: string): string => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

/**
 * REST suite of the model registry and logged models on a real `startServer` (port 0) over a
 * fresh `backend` database, driven with `fetch` the way MLflow 2.x and 3.x clients drive it.
 */
export function describeModelApi(backend: TestBackend): void {
  describe(`registry and logged-model REST API on ${backend.name}`, () => {
    let ctx: Ctx | undefined;
    const c = (): Ctx => {
      if (!ctx) throw new Error("server not started");
      return ctx;
    };
    const call = (method: string, path: string, body?: unknown): Promise<RestResponse> =>
      c().api.raw(method, `/api/2.0/mlflow/${path}`, {
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headers: { "content-type": "application/json" },
      });
    const ok = async (response: Promise<RestResponse>): Promise<RestResponse["body"]> => {
      const r = await response;
      expect(r.status, r.text).toBe(200);
      return r.body;
    };
    const fails = async (response: Promise<RestResponse>, status: number, code: string, message?: string | RegExp) => {
      const r = await response;
      expect(r.status, r.text).toBe(status);
      expect(r.body.error_code).toBe(code);
      if (message !== undefined) expect(r.body.message).toMatch(message);
    };
    const putArtifact = async (path: string, content: string) => {
      const r = await c().api.raw("PUT", `/api/2.0/mlflow-artifacts/artifacts/${path}`, { body: content });
      expect(r.status, r.text).toBe(200);
    };
    const newRun = async () => {
      const experimentId = (await ok(c().api.post("experiments/create", { name: uniqueName("exp") }))).experiment_id as string;
      const run = (await ok(c().api.post("runs/create", { experiment_id: experimentId, start_time: 1 }))).run;
      return { experimentId, runId: run.info.run_id as string };
    };

    beforeAll(async () => {
      const artifacts = mkdtempSync(join(tmpdir(), "sextant-model-api-"));
      const database = await backend.create();
      const server = await startServer({ backendStoreUri: database.uri, artifactsDestination: artifacts, port: 0, logger: false });
      ctx = { server, database, api: restClient(server.url), artifacts };
    });
    afterAll(async () => {
      await ctx?.server.close();
      await ctx?.database.drop();
      if (ctx) rmSync(ctx.artifacts, { recursive: true, force: true });
    });

    it("manages registered models: create, duplicate, update, rename, tags, search, delete", async () => {
      const name = uniqueName("rm");
      const created = await ok(call("POST", "registered-models/create", { name, description: "d", tags: [{ key: "team", value: "ml" }] }));
      expect(created.registered_model).toMatchObject({ name, description: "d", tags: [{ key: "team", value: "ml" }] });
      expect(typeof created.registered_model.creation_timestamp).toBe("number");
      await fails(call("POST", "registered-models/create", { name }), 400, "RESOURCE_ALREADY_EXISTS", name);
      await fails(call("POST", "registered-models/create", {}), 400, "INVALID_PARAMETER_VALUE", "'name'");
      await ok(call("PATCH", "registered-models/update", { name, description: "new" }));
      await ok(call("POST", "registered-models/set-tag", { name, key: "stage", value: "dev" }));
      await fails(
        call("POST", "registered-models/set-tag", { name, key: "big", value: "x".repeat(100_001) }),
        400,
        "INVALID_PARAMETER_VALUE",
        /Registered model value .* exceeded length limit of 100000/,
      );
      await ok(call("DELETE", "registered-models/delete-tag", { name, key: "team" }));
      const got = await ok(c().api.get("registered-models/get", { name }));
      expect(got.registered_model).toMatchObject({ description: "new", tags: [{ key: "stage", value: "dev" }] });
      const renamed = `${name}-b`;
      await ok(call("POST", "registered-models/rename", { name, new_name: renamed }));
      await fails(c().api.get("registered-models/get", { name }), 404, "RESOURCE_DOES_NOT_EXIST");
      const found = await ok(c().api.get("registered-models/search", { filter: `name LIKE '${renamed.slice(0, -2)}%'` }));
      expect(found.registered_models.map((m: { name: string }) => m.name)).toEqual([renamed]);
      const byTag = await ok(c().api.get("registered-models/search", { filter: "tags.stage = 'dev'", max_results: 1000 }));
      expect(byTag.registered_models.map((m: { name: string }) => m.name)).toContain(renamed);
      await fails(c().api.get("registered-models/search", { max_results: 1001 }), 400, "INVALID_PARAMETER_VALUE", "1000");
      await fails(c().api.get("registered-models/search", { filter: "run_id = 'x'" }), 400, "INVALID_PARAMETER_VALUE", "run_id");
      const ajax = await c().api.raw("GET", `/ajax-api/2.0/mlflow/registered-models/get?name=${encodeURIComponent(renamed)}`);
      expect(ajax.status).toBe(200);
      await ok(call("DELETE", "registered-models/delete", { name: renamed }));
      await fails(c().api.get("registered-models/get", { name: renamed }), 404, "RESOURCE_DOES_NOT_EXIST");
    });

    it("numbers versions, never reuses them, moves stages with archiving, and resolves aliases", async () => {
      const name = uniqueName("mv");
      const { runId } = await newRun();
      await ok(call("POST", "registered-models/create", { name }));
      const versions: string[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await ok(call("POST", "model-versions/create", { name, source: `runs:/${runId}/model`, run_id: runId }));
        expect(created.model_version).toMatchObject({ status: "READY", current_stage: "None", run_id: runId });
        versions.push(created.model_version.version);
      }
      expect(versions).toEqual(["1", "2", "3"]);
      await ok(call("DELETE", "model-versions/delete", { name, version: "3" }));
      expect((await ok(call("POST", "model-versions/create", { name, source: `runs:/${runId}/model` }))).model_version.version).toBe("4");
      await fails(c().api.get("model-versions/get", { name, version: "3" }), 404, "RESOURCE_DOES_NOT_EXIST");
      await fails(c().api.get("model-versions/get", { name, version: "abc" }), 400, "INVALID_PARAMETER_VALUE", "integer");

      await ok(call("POST", "model-versions/transition-stage", { name, version: "1", stage: "production", archive_existing_versions: false }));
      const moved = await ok(
        call("POST", "model-versions/transition-stage", { name, version: "2", stage: "Production", archive_existing_versions: true }),
      );
      expect(moved.model_version.current_stage).toBe("Production");
      expect((await ok(c().api.get("model-versions/get", { name, version: "1" }))).model_version.current_stage).toBe("Archived");
      await fails(
        call("POST", "model-versions/transition-stage", { name, version: "4", stage: "Archived", archive_existing_versions: true }),
        400,
        "INVALID_PARAMETER_VALUE",
        "not an Active stage",
      );
      await fails(call("POST", "model-versions/transition-stage", { name, version: "4", stage: "Live" }), 400, "INVALID_PARAMETER_VALUE", "stage");
      const latest = await ok(call("POST", "registered-models/get-latest-versions", { name, stages: ["Production"] }));
      expect(latest.model_versions.map((v: { version: string }) => v.version)).toEqual(["2"]);

      await ok(call("POST", "registered-models/alias", { name, alias: "champion", version: "2" }));
      const byAlias = await ok(c().api.get("registered-models/alias", { name, alias: "champion" }));
      expect(byAlias.model_version).toMatchObject({ version: "2", aliases: ["champion"] });
      for (const [alias, message] of [
        ["latest", "reserved"],
        ["V7", "reserved"],
        ["a.b", "Invalid alias name"],
        ["a".repeat(256), "255"],
      ] as const) {
        await fails(call("POST", "registered-models/alias", { name, alias, version: "1" }), 400, "INVALID_PARAMETER_VALUE", message);
      }
      await ok(call("DELETE", "registered-models/alias", { name, alias: "champion" }));
      await fails(c().api.get("registered-models/alias", { name, alias: "champion" }), 400, "INVALID_PARAMETER_VALUE", "not found");

      await ok(call("POST", "model-versions/set-tag", { name, version: "4", key: "k", value: "v" }));
      const search = await ok(c().api.get("model-versions/search", { filter: `name = '${name}' AND tags.k = 'v'` }));
      expect(search.model_versions.map((v: { version: string }) => v.version)).toEqual(["4"]);
      await ok(call("DELETE", "model-versions/delete-tag", { name, version: "4", key: "k" }));
      await ok(call("PATCH", "model-versions/update", { name, version: "4", description: "four" }));
      expect((await ok(c().api.get("model-versions/get", { name, version: "4" }))).model_version.description).toBe("four");
    });

    it("serves the MLflow 2.x flow: run artifacts, runs/log-model, runs:/ source, download URI and get-artifact", async () => {
      const { experimentId, runId } = await newRun();
      await putArtifact(`${experimentId}/${runId}/artifacts/model/MLmodel`, "flavors: {}\n");
      const modelJson = { artifact_path: "model", flavors: {}, utc_time_created: "2024-01-01 00:00:00.000000", run_id: runId };
      await ok(c().api.post("runs/log-model", { run_id: runId, model_json: JSON.stringify(modelJson) }));
      const name = uniqueName("v2");
      await ok(call("POST", "registered-models/create", { name }));
      const mv = (await ok(call("POST", "model-versions/create", { name, source: `runs:/${runId}/model`, run_id: runId }))).model_version;
      expect(mv.source).toBe(`runs:/${runId}/model`);
      const uri = await ok(c().api.get("model-versions/get-download-uri", { name, version: mv.version }));
      expect(uri.artifact_uri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts/model`);
      const file = await c().api.raw("GET", `/model-versions/get-artifact?name=${name}&version=1&path=MLmodel`);
      expect(file.status).toBe(200);
      expect(file.text).toBe("flavors: {}\n");
      await fails(call("POST", "model-versions/create", { name, source: "runs:/0123456789abcdef/model" }), 404, "RESOURCE_DOES_NOT_EXIST");
    });

    it("serves the MLflow 3.x flow: logged model, outputs, artifacts, READY, registration with models:/<id>", async () => {
      const { experimentId, runId } = await newRun();
      const created = await ok(
        call("POST", "logged-models", { experiment_id: experimentId, name: "clf", source_run_id: runId, params: [{ key: "C", value: "1" }] }),
      );
      const model = created.model;
      const modelId = model.info.model_id as string;
      expect(modelId).toMatch(/^m-[0-9a-f]{32}$/);
      expect(model.info).toMatchObject({
        experiment_id: experimentId,
        name: "clf",
        status: "LOGGED_MODEL_PENDING",
        source_run_id: runId,
        artifact_uri: `mlflow-artifacts:/${experimentId}/models/${modelId}/artifacts`,
      });
      await ok(c().api.post("runs/outputs", { run_id: runId, models: [{ model_id: modelId, step: 0 }] }));
      const withOutputs = (await ok(c().api.get("runs/get", { run_id: runId }))).run;
      expect(withOutputs.outputs).toEqual({ model_outputs: [{ model_id: modelId, step: 0 }] });
      await putArtifact(`${experimentId}/models/${modelId}/artifacts/MLmodel`, "artifact_path: model\n");
      await putArtifact(`${experimentId}/models/${modelId}/artifacts/model.json`, "{}");
      const finalized = await ok(call("PATCH", `logged-models/${modelId}`, { model_id: modelId, status: "LOGGED_MODEL_READY" }));
      expect(finalized.model.info.status).toBe("LOGGED_MODEL_READY");
      const listing = await ok(c().api.get(`logged-models/${modelId}/artifacts/directories`));
      expect(listing.files.map((f: { path: string }) => f.path).sort()).toEqual(["MLmodel", "model.json"]);
      const file = await c().api.raw("GET", `/api/2.0/mlflow/logged-models/${modelId}/artifacts/files?artifact_file_path=MLmodel`);
      expect(file.text).toBe("artifact_path: model\n");
      await fails(c().api.get(`logged-models/${modelId}/artifacts/files`), 400, "BAD_REQUEST", "artifact_file_path");

      const name = uniqueName("v3");
      await ok(call("POST", "registered-models/create", { name }));
      await fails(call("POST", "registered-models/create", { name }), 400, "RESOURCE_ALREADY_EXISTS");
      const mv = (await ok(call("POST", "model-versions/create", { name, source: `models:/${modelId}`, model_id: modelId, run_id: runId })))
        .model_version;
      expect(mv).toMatchObject({ version: "1", status: "READY", model_id: modelId, source: `models:/${modelId}` });
      expect((await ok(c().api.get("model-versions/get", { name, version: "1" }))).model_version.status).toBe("READY");
      const uri = await ok(c().api.get("model-versions/get-download-uri", { name, version: "1" }));
      expect(uri.artifact_uri).toBe(model.info.artifact_uri);
      const tagged = (await ok(c().api.get(`logged-models/${modelId}`))).model;
      expect(tagged.info.tags).toContainEqual({ key: "mlflow.modelVersions", value: JSON.stringify([{ name, version: "1" }]) });
      expect(tagged.data.params).toEqual([{ key: "C", value: "1" }]);

      await ok(call("PATCH", `logged-models/${modelId}/tags`, { tags: [{ key: "mlflow.source", value: "test" }] }));
      await ok(call("DELETE", `logged-models/${modelId}/tags/mlflow.source`));
      await ok(call("POST", `logged-models/${modelId}/params`, { params: [{ key: "penalty", value: "l2" }] }));
      const found = await ok(
        c().api.post("logged-models/search", { experiment_ids: [experimentId], filter: "params.penalty = 'l2' AND name = 'clf'" }),
      );
      expect(found.models.map((m: { info: { model_id: string } }) => m.info.model_id)).toEqual([modelId]);
      await fails(c().api.post("logged-models/search", { experiment_ids: [experimentId], filter: "bogus = 1" }), 400, "INVALID_PARAMETER_VALUE");
      await fails(call("POST", "logged-models", { experiment_id: experimentId, name: "a/b" }), 400, "INVALID_PARAMETER_VALUE", "Invalid model name");
      await ok(call("DELETE", `logged-models/${modelId}`));
      await fails(c().api.get(`logged-models/${modelId}`), 404, "RESOURCE_DOES_NOT_EXIST", modelId);
    });

    it("refuses version sources outside the server's artifact store", async () => {
      const { experimentId, runId } = await newRun();
      const name = uniqueName("src");
      await ok(call("POST", "registered-models/create", { name }));
      for (const source of [
        "file:///etc",
        "/root/.ssh",
        "/etc/passwd",
        "file:///tmp/../etc/shadow",
        `mlflow-artifacts:/${experimentId}/../../etc`,
        "mlflow-artifacts:/1/%2e%2e/%2e%2e/etc",
        "s3://someone-elses-bucket/model",
        "http://evil.example/model",
        `${c().artifacts}/../outside`,
      ]) {
        await fails(call("POST", "model-versions/create", { name, source }), 400, "INVALID_PARAMETER_VALUE", "Invalid model version source");
        await fails(call("POST", "model-versions/create", { name, source, run_id: runId }), 400, "INVALID_PARAMETER_VALUE");
      }
      const inside = await ok(call("POST", "model-versions/create", { name, source: join(c().artifacts, experimentId, "model") }));
      expect(inside.model_version).toMatchObject({ version: "1", status: "READY" });
      const viaMlflowArtifacts = await ok(call("POST", "model-versions/create", { name, source: `mlflow-artifacts:/${experimentId}/${runId}/artifacts/model` }));
      expect(viaMlflowArtifacts.model_version.version).toBe("2");
    });
  });
}
