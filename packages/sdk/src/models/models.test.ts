import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../mlflow-client.js";
import { startTempServer } from "../test-support/temp-server.js";
import { Tracking } from "../tracking.js";
import { enforceSchema } from "./data-frame.js";
import { loadModel } from "./load-model.js";
import { logModel } from "./log-model.js";
import { readMlmodel } from "./mlmodel-file.js";
import { saveModel } from "./save-model.js";
import { parseScoringCsv, parseScoringJson } from "./scoring-input.js";

const MODEL = { coef: [2, -1], intercept: -0.5, featureNames: ["x1", "x2"], hyperParams: { C: 0.5, penalty: "l2" } };
const SIGNATURE = {
  inputs: [
    { name: "x1", type: "double" as const },
    { name: "x2", type: "double" as const },
  ],
  outputs: [{ name: "y", type: "long" as const }],
};
const ROWS = [
  { x1: 1, x2: 0 },
  { x1: 0, x2: 1 },
  { x1: 0.4, x2: 0.2 },
];
const EXPECTED = [1, 0, 1];

describe("MLmodel format", () => {
  it("saves a logistic regression folder and loads it back from disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sdk-mlmodel-"));
    try {
      const saved = await saveModel(MODEL, dir, { signature: SIGNATURE, inputExample: ROWS.slice(0, 2) });
      expect(Object.keys(saved.flavors)).toEqual(["sextant_logreg", "python_function"]);
      const reread = await readMlmodel(dir);
      expect(reread.flavors.sextant_logreg).toMatchObject({ model_file: "model.json", feature_names: ["x1", "x2"], C: 0.5, penalty: "l2" });
      expect(JSON.parse(reread.signature!.inputs)).toEqual([
        { type: "double", name: "x1", required: true },
        { type: "double", name: "x2", required: true },
      ]);
      expect(JSON.parse(await readFile(join(dir, "input_example.json"), "utf8"))).toEqual({ columns: ["x1", "x2"], data: [[1, 0], [0, 1]] });
      const model = await loadModel(dir);
      expect(await model.predict(ROWS)).toEqual(EXPECTED);
      expect(await model.predict({ columns: ["x2", "x1", "extra"], data: [[0, 1, "z"]] })).toEqual([1]);
      await expect(model.predict([{ x1: 1 }])).rejects.toThrow(/missing inputs \["x2"\]/);
      await expect(model.predict([{ x1: "abc", x2: 1 }])).rejects.toThrow(/column 'x1': expected double/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses an object no flavor can save", async () => {
    await expect(saveModel({ weights: "?" }, join(tmpdir(), "never"))).rejects.toThrow(/No model flavor can save/);
  });

  it("reads MLflow's scoring formats and CSV", () => {
    const expected = { columns: ["x1", "x2"], data: [[1, 2], [3, 4]] };
    expect(parseScoringJson({ dataframe_split: expected })).toEqual(expected);
    expect(parseScoringJson({ dataframe_records: [{ x1: 1, x2: 2 }, { x1: 3, x2: 4 }] })).toEqual(expected);
    expect(parseScoringJson({ instances: [{ x1: 1, x2: 2 }, { x1: 3, x2: 4 }] })).toEqual(expected);
    expect(parseScoringJson({ inputs: { x1: [1, 3], x2: [2, 4] } })).toEqual(expected);
    expect(parseScoringCsv("x1,x2\n1,2\n3,4\n")).toEqual(expected);
    expect(() => parseScoringJson({ dataframe_split: expected, instances: [] })).toThrow(/exactly one/);
    expect(() => parseScoringCsv("x1,x2\n1\n")).toThrow(/row 1 has 1 fields/);
    expect(enforceSchema({ columns: ["x1", "x2"], data: [["1.5", 2]] }, SIGNATURE).data).toEqual([[1.5, 2]]);
  });
});

describe("logModel / loadModel against a real server", () => {
  let server: Awaited<ReturnType<typeof startTempServer>>;
  beforeAll(async () => {
    server = await startTempServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("logs a logged model and run artifacts, registers versions, and loads every URI form", async () => {
    const tracking = new Tracking({ trackingUri: server.url });
    const client = new MlflowClient({ trackingUri: server.url });
    await tracking.setExperiment("models-sdk");
    const first = await tracking.withRun((run) =>
      logModel(MODEL, { run, signature: SIGNATURE, inputExample: ROWS, registeredModelName: "sdk_model" }),
    );
    expect(first.modelId).toMatch(/^m-/);
    expect(first.registeredModelVersion).toMatchObject({ name: "sdk_model", version: "1", status: "READY", model_id: first.modelId });
    const second = await tracking.withRun((run) => logModel(MODEL, { run, registeredModelName: "sdk_model", artifactPath: "clf" }));
    expect(second.registeredModelVersion?.version).toBe("2");

    const logged = await client.registry.getLoggedModel(first.modelId!);
    expect(logged.info.status).toBe("LOGGED_MODEL_READY");
    expect(logged.info.tags).toContainEqual({ key: "mlflow.modelVersions", value: JSON.stringify([{ name: "sdk_model", version: "1" }]) });
    const runArtifacts = await client.listArtifacts(first.runId, "model");
    expect(runArtifacts.map((f) => f.path).sort()).toEqual([
      "model/MLmodel",
      "model/code",
      "model/conda.yaml",
      "model/input_example.json",
      "model/model.json",
      "model/python_env.yaml",
      "model/requirements.txt",
    ]);
    const run = await client.getRun(first.runId);
    expect(run.data.tags?.find((t) => t.key === "mlflow.log-model.history")?.value).toContain(first.modelId!);

    await client.registry.setRegisteredModelAlias("sdk_model", "champion", 1);
    await client.registry.transitionModelVersionStage("sdk_model", 2, "Production");
    for (const uri of [
      "models:/sdk_model/1",
      "models:/sdk_model@champion",
      "models:/sdk_model/Production",
      "models:/sdk_model/latest",
      `models:/${first.modelId}`,
      `runs:/${first.runId}/model`,
    ]) {
      const model = await loadModel(uri, { client });
      expect(await model.predict(ROWS), uri).toEqual(EXPECTED);
    }
    const byAlias = await loadModel("models:/sdk_model@champion", { client });
    expect(byAlias.resolved).toMatchObject({ registeredModel: { name: "sdk_model", version: "1" }, modelId: first.modelId });
    await expect(loadModel("models:/sdk_model/Staging", { client })).rejects.toThrow(/Staging/);
    await expect(loadModel("models:/sdk_model@nobody", { client })).rejects.toMatchObject({ errorCode: "INVALID_PARAMETER_VALUE" });
    await expect(loadModel("models:/", { client })).rejects.toThrow(/Not a valid model URI/);
  });
});
