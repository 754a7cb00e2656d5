import type { DatasetInput, InputTag, Metric, ModelInput, ModelOutput, Param, Run, RunTag } from "@sextant/protocol";
import { inList, listValue } from "./list-param.js";
import { decodeMetricValue } from "./metric-encoding.js";
import { type RunRow, runInfoOf } from "./run-row.js";
import { defineStatement, type SqlDialectName, type SqlSession, type Stmt } from "./sql-session.js";

interface KeyValueRow {
  readonly run_id: number;
  readonly key: string;
  readonly value: string;
}

interface LatestRow {
  readonly run_id: number;
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
  readonly is_nan: number;
}

interface DatasetInputRow {
  readonly run_uuid: string;
  readonly input_uuid: string;
  readonly name: string;
  readonly digest: string;
  readonly dataset_source_type: string;
  readonly dataset_source: string;
  readonly dataset_schema: string | null;
  readonly dataset_profile: string | null;
}

/**
 * Turns runs rows into full Run entities with a fixed number of queries whatever the number of
 * runs (no N+1): latest metrics, params, tags, dataset inputs, input tags, model inputs and outputs.
 */
export class RunLoader {
  readonly #latest: Stmt;
  readonly #params: Stmt;
  readonly #tags: Stmt;
  readonly #inputs: Stmt;
  readonly #inputTags: Stmt;
  readonly #modelOutputs: Stmt;
  readonly #modelInputs: Stmt;

  constructor(dialect: SqlDialectName) {
    const byRun = inList(dialect, "run_id");
    this.#latest = defineStatement(
      `SELECT run_id, key, value, timestamp, step, is_nan FROM latest_metrics WHERE ${byRun} ORDER BY run_id, key`,
    );
    this.#params = defineStatement(`SELECT run_id, key, value FROM params WHERE ${byRun} ORDER BY run_id, key`);
    this.#tags = defineStatement(`SELECT run_id, key, value FROM tags WHERE ${byRun} ORDER BY run_id, key`);
    const byDestination = inList(dialect, "i.destination_id");
    this.#inputs = defineStatement(
      "SELECT i.destination_id AS run_uuid, i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, " +
        "d.dataset_schema, d.dataset_profile FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id " +
        `WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND ${byDestination} ORDER BY d.name, d.digest`,
    );
    this.#inputTags = defineStatement(
      "SELECT t.input_uuid, t.name, t.value FROM input_tags t JOIN inputs i ON i.input_uuid = t.input_uuid " +
        `WHERE i.destination_type = 'RUN' AND ${byDestination} ORDER BY t.input_uuid, t.name`,
    );
    // MLflow 3.x logged models a run produced (runs/outputs; table of the model migration).
    this.#modelOutputs = defineStatement(
      "SELECT o.run_uuid, o.model_id, o.step FROM logged_model_outputs o JOIN logged_models lm ON lm.model_id = o.model_id " +
        `WHERE lm.lifecycle_stage = 'active' AND ${inList(dialect, "o.run_uuid")} ORDER BY lm.creation_timestamp_ms, o.model_id`,
    );
    // Logged models the run used (MLflow 3.x log-inputs `models`): MODEL -> RUN edges of `inputs`.
    this.#modelInputs = defineStatement(
      "SELECT i.destination_id AS run_uuid, i.source_id AS model_id FROM inputs i JOIN logged_models lm ON lm.model_id = i.source_id " +
        `WHERE i.source_type = 'MODEL' AND i.destination_type = 'RUN' AND lm.lifecycle_stage = 'active' AND ${byDestination} ` +
        "ORDER BY lm.creation_timestamp_ms, lm.model_id",
    );
  }

  async load(session: SqlSession, rows: readonly RunRow[]): Promise<Run[]> {
    if (rows.length === 0) return [];
    const ids = listValue(
      session.dialect,
      rows.map((r) => r.id),
    );
    const uuids = listValue(
      session.dialect,
      rows.map((r) => r.run_uuid),
    );
    const latest = await session.all<LatestRow>(this.#latest, [ids]);
    const params = await session.all<KeyValueRow>(this.#params, [ids]);
    const tags = await session.all<KeyValueRow>(this.#tags, [ids]);
    const inputs = await session.all<DatasetInputRow>(this.#inputs, [uuids]);
    const inputTags =
      inputs.length === 0 ? [] : await session.all<{ input_uuid: string; name: string; value: string }>(this.#inputTags, [uuids]);

    const outputs = await session.all<{ run_uuid: string; model_id: string; step: number }>(this.#modelOutputs, [uuids]);
    const outputsByRun = new Map<string, ModelOutput[]>();
    for (const o of outputs) outputsByRun.set(o.run_uuid, [...(outputsByRun.get(o.run_uuid) ?? []), { model_id: o.model_id, step: Number(o.step) }]);
    const modelInputs = await session.all<{ run_uuid: string; model_id: string }>(this.#modelInputs, [uuids]);
    const modelInputsByRun = new Map<string, ModelInput[]>();
    for (const m of modelInputs) modelInputsByRun.set(m.run_uuid, [...(modelInputsByRun.get(m.run_uuid) ?? []), { model_id: m.model_id }]);

    const metricsByRun = group(latest, (m): Metric => ({
      key: m.key,
      value: decodeMetricValue(m.value, m.is_nan),
      timestamp: m.timestamp,
      step: m.step,
    }));
    const paramsByRun = group(params, (p): Param => ({ key: p.key, value: p.value }));
    const tagsByRun = group(tags, (t): RunTag => ({ key: t.key, value: t.value }));
    const tagsByInput = new Map<string, InputTag[]>();
    for (const t of inputTags) {
      const list = tagsByInput.get(t.input_uuid) ?? [];
      list.push({ key: t.name, value: t.value });
      tagsByInput.set(t.input_uuid, list);
    }
    const inputsByRun = new Map<string, DatasetInput[]>();
    for (const i of inputs) {
      const list = inputsByRun.get(i.run_uuid) ?? [];
      list.push({
        tags: tagsByInput.get(i.input_uuid) ?? [],
        dataset: {
          name: i.name,
          digest: i.digest,
          source_type: i.dataset_source_type,
          source: i.dataset_source,
          ...(i.dataset_schema === null ? {} : { schema: i.dataset_schema }),
          ...(i.dataset_profile === null ? {} : { profile: i.dataset_profile }),
        },
      });
      inputsByRun.set(i.run_uuid, list);
    }

    return rows.map((row) => ({
      info: runInfoOf(row),
      data: {
        metrics: metricsByRun.get(row.id) ?? [],
        params: paramsByRun.get(row.id) ?? [],
        tags: tagsByRun.get(row.id) ?? [],
      },
      inputs: {
        dataset_inputs: inputsByRun.get(row.run_uuid) ?? [],
        ...(modelInputsByRun.has(row.run_uuid) ? { model_inputs: modelInputsByRun.get(row.run_uuid)! } : {}),
      },
      ...(outputsByRun.has(row.run_uuid) ? { outputs: { model_outputs: outputsByRun.get(row.run_uuid)! } } : {}),
    }));
  }
}

function group<R extends { readonly run_id: number }, T>(rows: readonly R[], map: (row: R) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const list = out.get(row.run_id);
    if (list) list.push(map(row));
    else out.set(row.run_id, [map(row)]);
  }
  return out;
}
