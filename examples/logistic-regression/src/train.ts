#!/usr/bin/env node
/**
 * Trains the example's logistic regression and tracks it with the Sextant SDK. Run it with
 * `sextant run examples/logistic-regression -P C=0.5 -P penalty=l2` (which sets
 * MLFLOW_RUN_ID and MLFLOW_TRACKING_URI), or directly with MLFLOW_TRACKING_URI set.
 *
 * It reads the CSV (train rows in file order, test rows for evaluation), logs the params
 * `C` and `penalty`, the file as a dataset input, the metrics `train acc` and `test acc`,
 * the model as an MLmodel folder under the artifact path `model`, and registers it as
 * `test_model` when the server has a model registry. Exit codes: 0 done, 1 failed, 2 bad flags.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withRun } from "@sextant/sdk";
import { csvDatasetSpec } from "./csv-dataset-spec.js";
import { accuracy, fitLogisticRegression, readDataset } from "./logistic-regression.js";
import { saveMlmodel } from "./mlmodel.js";
import { registerModel } from "./register-model.js";
import { parseTrainOptions, TrainUsageError } from "./train-options.js";

const MODEL_PATH = "model";

async function main(argv: readonly string[]): Promise<void> {
  const options = parseTrainOptions(argv);
  const dataset = await readDataset(options.data);
  await withRun(async (run) => {
    console.log(`Run ${run.runId}: training on ${dataset.train.y.length} rows of ${options.data} (C=${options.cText}, penalty=${options.penalty})`);
    await run.logParams({ C: options.cText, penalty: options.penalty });
    await run.logInput(await csvDatasetSpec(options.data, dataset), { context: "training" });

    const model = fitLogisticRegression(dataset.train.X, dataset.train.y, {
      C: options.C,
      penalty: options.penalty,
      ...(options.maxIter === undefined ? {} : { maxIter: options.maxIter }),
      ...(options.tol === undefined ? {} : { tol: options.tol }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    if (!model.converged) console.log(`Warning: the solver did not converge in ${model.nIter} epochs (raise --max-iter)`);
    const trainAcc = accuracy(model, dataset.train.X, dataset.train.y);
    const testAcc = accuracy(model, dataset.test.X, dataset.test.y);
    await run.logMetrics({ "train acc": trainAcc, "test acc": testAcc });
    console.log(`train acc ${trainAcc.toFixed(4)}  test acc ${testAcc.toFixed(4)}  coef [${model.coef.map((c) => c.toFixed(4)).join(", ")}]  intercept ${model.intercept.toFixed(4)}`);

    const scratch = await mkdtemp(join(tmpdir(), "logreg-model-"));
    try {
      const dir = join(scratch, MODEL_PATH);
      const description = await saveMlmodel(dir, {
        model,
        C: options.C,
        penalty: options.penalty,
        featureNames: dataset.featureNames,
        runId: run.runId,
        artifactPath: MODEL_PATH,
      });
      await run.logArtifacts(dir, MODEL_PATH);
      await run.client.logModel(run.runId, { ...description });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    console.log(`Logged the model under artifact path '${MODEL_PATH}'`);

    if (options.registeredModelName !== "") {
      const outcome = await registerModel(run.client, options.registeredModelName, run.runId, MODEL_PATH);
      console.log(
        outcome.registered
          ? `Registered model '${outcome.name}' version ${outcome.version}`
          : `Model registration is unavailable on this server (no model registry); '${outcome.name}' was not registered`,
      );
    }
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof TrainUsageError ? message : `train.js failed: ${message}`);
  process.exitCode = error instanceof TrainUsageError ? 2 : 1;
});
