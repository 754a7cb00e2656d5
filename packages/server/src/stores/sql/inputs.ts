import { randomUUID } from "node:crypto";
import type { DatasetInput, ModelInput } from "@sextant/protocol";
import { loggedModelNotFound } from "./logged-models.js";
import { runNotFound } from "./runs.js";
import { defineStatement, type SqlDatabase } from "./sql-session.js";

const RUN = defineStatement("SELECT experiment_id FROM runs WHERE run_uuid = ?");
const INSERT_DATASET = defineStatement(
  "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile) " +
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (experiment_id, name, digest) DO NOTHING",
);
const DATASET_UUID = defineStatement("SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?");
const INSERT_INPUT = defineStatement(
  "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id) VALUES (?, 'DATASET', ?, 'RUN', ?) " +
    "ON CONFLICT (source_type, source_id, destination_type, destination_id) DO NOTHING",
);
// A logged model used by a run (MLflow 3.x LoggedModelInput): an edge MODEL -> RUN.
const ACTIVE_MODEL = defineStatement("SELECT 1 AS found FROM logged_models WHERE model_id = ? AND lifecycle_stage = 'active'");
const INSERT_MODEL_INPUT = defineStatement(
  "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id) VALUES (?, 'MODEL', ?, 'RUN', ?) " +
    "ON CONFLICT (source_type, source_id, destination_type, destination_id) DO NOTHING",
);
const INSERT_INPUT_TAG = defineStatement(
  "INSERT INTO input_tags (input_uuid, name, value) VALUES (?, ?, ?) ON CONFLICT (input_uuid, name) DO UPDATE SET value = excluded.value",
);

/**
 * Logs the inputs of a run as MLflow's SQL store does, in one transaction: a dataset is
 * unique per experiment by (name, digest) and reused when it exists (its first source,
 * schema and profile are kept); an input links the dataset to the run once, and its tags
 * (e.g. `mlflow.data.context`) are written when the link is new. Inputs repeating a
 * (name, digest) within one call keep the first. Logged models (MLflow 3.x model inputs) are
 * linked to the run once each. RESOURCE_DOES_NOT_EXIST for a missing run or logged model.
 */
export async function logRunInputs(
  db: SqlDatabase,
  runId: string,
  inputs: readonly DatasetInput[],
  models: readonly ModelInput[] = [],
): Promise<void> {
  const unique = new Map<string, DatasetInput>();
  for (const input of inputs) {
    const id = JSON.stringify([input.dataset.name, input.dataset.digest]);
    if (!unique.has(id)) unique.set(id, input);
  }
  await db.transaction(async (s) => {
    const [run] = await s.all<{ experiment_id: number }>(RUN, [runId]);
    if (!run) throw runNotFound(runId);
    for (const { dataset, tags } of unique.values()) {
      await s.run(INSERT_DATASET, [
        randomUUID().replaceAll("-", ""),
        run.experiment_id,
        dataset.name,
        dataset.digest,
        dataset.source_type,
        dataset.source,
        dataset.schema ?? null,
        dataset.profile ?? null,
      ]);
      const [stored] = await s.all<{ dataset_uuid: string }>(DATASET_UUID, [run.experiment_id, dataset.name, dataset.digest]);
      const inputUuid = randomUUID().replaceAll("-", "");
      const linked = await s.run(INSERT_INPUT, [inputUuid, stored!.dataset_uuid, runId]);
      if (linked === 0) continue;
      for (const tag of tags ?? []) await s.run(INSERT_INPUT_TAG, [inputUuid, tag.key, tag.value]);
    }
    for (const modelId of new Set(models.map((m) => m.model_id))) {
      const [model] = await s.all<{ found: number }>(ACTIVE_MODEL, [modelId]);
      if (!model) throw loggedModelNotFound(modelId);
      await s.run(INSERT_MODEL_INPUT, [randomUUID().replaceAll("-", ""), modelId, runId]);
    }
  });
}
