#!/usr/bin/env node
/**
 * Trains the example's logistic regression and tracks it with the Sextant SDK. Run it with
 * `sextant run examples/logistic-regression -P C=0.5 -P penalty=l2` (which sets
 * MLFLOW_RUN_ID and MLFLOW_TRACKING_URI), or directly with MLFLOW_TRACKING_URI set.
 *
 * It reads the CSV (train rows in file order, test rows for evaluation), logs the params
 * `C` and `penalty`, the file as a dataset input, the metrics `train acc` and `test acc`,
 * the model with the SDK's `logModel` (an MLmodel folder with the `sextant_logreg` flavor, a
 * `python_function` flavor for `mlflow.pyfunc.load_model` / `mlflow models serve`, and a
 * column signature, as a logged model and under the run's artifact path `model`),
 * and registers it as `test_model` (a new version on every run) when the server has a
 * registry. Exit codes: 0 done, 1 failed, 2 bad flags.
 */
import { logModel, withRun } from "@sextant/sdk";
import { csvDatasetSpec } from "./csv-dataset-spec.js";
import { accuracy, fitLogisticRegression, readDataset } from "./logistic-regression.js";
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

    const logModelOptions = {
      run,
      artifactPath: MODEL_PATH,
      signature: {
        inputs: dataset.featureNames.map((name) => ({ name, type: "double" as const })),
        outputs: [{ name: "y", type: "long" as const }],
      },
    };
    const sdkModel = {
      coef: model.coef,
      intercept: model.intercept,
      nIter: model.nIter,
      converged: model.converged,
      featureNames: dataset.featureNames,
      hyperParams: { C: options.C, penalty: options.penalty },
    };
    if (options.registeredModelName === "") {
      const info = await logModel(sdkModel, logModelOptions);
      console.log(`Logged the model under artifact path '${MODEL_PATH}' (${info.modelUri})`);
      return;
    }
    try {
      const info = await logModel(sdkModel, { ...logModelOptions, registeredModelName: options.registeredModelName });
      console.log(`Logged the model under artifact path '${MODEL_PATH}' (${info.modelUri})`);
      console.log(`Registered model '${options.registeredModelName}' version ${info.registeredModelVersion?.version}`);
    } catch (error) {
      if ((error as { errorCode?: unknown }).errorCode !== "ENDPOINT_NOT_FOUND") throw error;
      console.log(
        `Model registration is unavailable on this server (no model registry); '${options.registeredModelName}' was not registered`,
      );
    }
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof TrainUsageError ? message : `train.js failed: ${message}`);
  process.exitCode = error instanceof TrainUsageError ? 2 : 1;
});
