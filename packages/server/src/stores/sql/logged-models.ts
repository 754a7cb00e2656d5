import {
  LOGGED_MODEL_STATUS_NUMBERS,
  type LoggedModel,
  type LoggedModelStatus,
  type Metric,
  MlflowError,
  type ModelOutput,
  type Tag,
} from "@sextant/protocol";
import type { CreateLoggedModelInput } from "../logged-model-store.js";
import { isForeignKeyViolation } from "./db-errors.js";
import { inList, listValue } from "./list-param.js";
import { LOGGED_MODEL_METRIC_COLUMNS, type LoggedModelMetricRow, loggedModelMetricOf } from "./logged-model-metrics.js";
import { defineStatement, type SqlDatabase, type SqlDialectName, type SqlSession, type Stmt } from "./sql-session.js";

/** logged_models row. */
export interface LoggedModelRow {
  readonly model_id: string;
  readonly experiment_id: number;
  readonly name: string;
  readonly artifact_location: string;
  readonly creation_timestamp_ms: number;
  readonly last_updated_timestamp_ms: number;
  readonly status: number;
  readonly lifecycle_stage: string;
  readonly model_type: string | null;
  readonly source_run_id: string | null;
  readonly status_message: string | null;
}

export const LOGGED_MODEL_COLUMNS =
  "lm.model_id, lm.experiment_id, lm.name, lm.artifact_location, lm.creation_timestamp_ms, lm.last_updated_timestamp_ms, " +
  "lm.status, lm.lifecycle_stage, lm.model_type, lm.source_run_id, lm.status_message";

const STATUS_BY_NUMBER = new Map<number, LoggedModelStatus>(
  Object.entries(LOGGED_MODEL_STATUS_NUMBERS).map(([name, n]) => [n, name as LoggedModelStatus]),
);

const ACTIVE = defineStatement(`SELECT ${LOGGED_MODEL_COLUMNS} FROM logged_models lm WHERE lm.model_id = ? AND lm.lifecycle_stage = 'active'`);
const INSERT = defineStatement(
  "INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, " +
    "status, lifecycle_stage, model_type, source_run_id, status_message) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, NULL)",
);
const UPSERT_TAG = defineStatement(
  "INSERT INTO logged_model_tags (model_id, key, value) VALUES (?, ?, ?) ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value",
);
const DELETE_TAG = defineStatement("DELETE FROM logged_model_tags WHERE model_id = ? AND key = ?");
const INSERT_PARAM = defineStatement(
  "INSERT INTO logged_model_params (model_id, key, value) VALUES (?, ?, ?) ON CONFLICT (model_id, key) DO NOTHING",
);
const PARAM = defineStatement("SELECT value FROM logged_model_params WHERE model_id = ? AND key = ?");
const SET_STATUS = defineStatement("UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? WHERE model_id = ?");
const TOUCH = defineStatement("UPDATE logged_models SET last_updated_timestamp_ms = ? WHERE model_id = ?");
const SOFT_DELETE = defineStatement(
  "UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = ? WHERE model_id = ?",
);
const INSERT_OUTPUT = defineStatement(
  "INSERT INTO logged_model_outputs (run_uuid, model_id, step) VALUES (?, ?, ?) ON CONFLICT (run_uuid, model_id) DO NOTHING",
);
const OUTPUTS = defineStatement(
  "SELECT o.model_id, o.step FROM logged_model_outputs o JOIN logged_models lm ON lm.model_id = o.model_id " +
    "WHERE o.run_uuid = ? AND lm.lifecycle_stage = 'active' ORDER BY lm.creation_timestamp_ms, o.model_id",
);

/** MLflow's message for a missing logged model. RESOURCE_DOES_NOT_EXIST. */
export function loggedModelNotFound(modelId: string): MlflowError {
  return MlflowError.notFound(`Logged model with ID '${modelId}' not found.`);
}

async function activeRow(session: SqlSession, modelId: string): Promise<LoggedModelRow> {
  const [row] = await session.all<LoggedModelRow>(ACTIVE, [modelId]);
  if (!row) throw loggedModelNotFound(modelId);
  return row;
}

/** Turns logged_models rows into wire entities with three extra queries (tags, params, metrics). */
export class LoggedModelLoader {
  readonly #tags: Stmt;
  readonly #params: Stmt;
  readonly #metrics: Stmt;

  constructor(dialect: SqlDialectName) {
    const byModel = inList(dialect, "model_id");
    this.#tags = defineStatement(`SELECT model_id, key, value FROM logged_model_tags WHERE ${byModel} ORDER BY key`);
    this.#params = defineStatement(`SELECT model_id, key, value FROM logged_model_params WHERE ${byModel} ORDER BY key`);
    this.#metrics = defineStatement(
      `SELECT ${LOGGED_MODEL_METRIC_COLUMNS} FROM logged_model_metrics WHERE ${byModel} ` +
        "ORDER BY metric_name, metric_step, metric_timestamp_ms, run_id, dataset_name, dataset_digest",
    );
  }

  async load(session: SqlSession, rows: readonly LoggedModelRow[]): Promise<LoggedModel[]> {
    if (rows.length === 0) return [];
    const ids = listValue(
      session.dialect,
      rows.map((r) => r.model_id),
    );
    type KV = { model_id: string; key: string; value: string };
    const group = (list: readonly KV[]): Map<string, Tag[]> => {
      const out = new Map<string, Tag[]>();
      for (const { model_id, key, value } of list) out.set(model_id, [...(out.get(model_id) ?? []), { key, value }]);
      return out;
    };
    const tags = group(await session.all<KV>(this.#tags, [ids]));
    const params = group(await session.all<KV>(this.#params, [ids]));
    const metrics = new Map<string, Metric[]>();
    for (const row of await session.all<LoggedModelMetricRow>(this.#metrics, [ids])) {
      metrics.set(row.model_id, [...(metrics.get(row.model_id) ?? []), loggedModelMetricOf(row)]);
    }
    return rows.map((row) => ({
      info: {
        model_id: row.model_id,
        experiment_id: String(row.experiment_id),
        name: row.name,
        creation_timestamp_ms: Number(row.creation_timestamp_ms),
        last_updated_timestamp_ms: Number(row.last_updated_timestamp_ms),
        artifact_uri: row.artifact_location,
        status: STATUS_BY_NUMBER.get(Number(row.status)) ?? "LOGGED_MODEL_STATUS_UNSPECIFIED",
        ...(row.model_type ? { model_type: row.model_type } : {}),
        ...(row.source_run_id ? { source_run_id: row.source_run_id } : {}),
        ...(row.status_message ? { status_message: row.status_message } : {}),
        tags: tags.get(row.model_id) ?? [],
      },
      data: { params: params.get(row.model_id) ?? [], metrics: metrics.get(row.model_id) ?? [] },
    }));
  }
}

/** SQL for logged models: create, read, finalize, delete, tags, params, run outputs. */
export class LoggedModelQueries {
  readonly #db: SqlDatabase;
  readonly loader: LoggedModelLoader;

  constructor(db: SqlDatabase) {
    this.#db = db;
    this.loader = new LoggedModelLoader(db.dialect);
  }

  async create(input: CreateLoggedModelInput, now: number): Promise<LoggedModel> {
    try {
      return await this.#db.transaction(async (s) => {
        await s.run(INSERT, [
          input.modelId,
          Number(input.experimentId),
          input.name,
          input.artifactLocation,
          now,
          now,
          LOGGED_MODEL_STATUS_NUMBERS.LOGGED_MODEL_PENDING,
          input.modelType ?? null,
          input.sourceRunId ?? null,
        ]);
        for (const p of input.params) await s.run(INSERT_PARAM, [input.modelId, p.key, p.value]);
        for (const t of input.tags) await s.run(UPSERT_TAG, [input.modelId, t.key, t.value]);
        return this.#load(s, input.modelId);
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw MlflowError.notFound(`No Experiment with id=${input.experimentId} exists`);
      }
      throw error;
    }
  }

  get(modelId: string): Promise<LoggedModel> {
    return this.#load(this.#db, modelId);
  }

  finalize(modelId: string, status: LoggedModelStatus, now: number): Promise<LoggedModel> {
    return this.#db.transaction(async (s) => {
      await activeRow(s, modelId);
      await s.run(SET_STATUS, [LOGGED_MODEL_STATUS_NUMBERS[status], now, modelId]);
      return this.#load(s, modelId);
    });
  }

  delete(modelId: string, now: number): Promise<void> {
    return this.#db.transaction(async (s) => {
      await activeRow(s, modelId);
      await s.run(SOFT_DELETE, [now, modelId]);
    });
  }

  setTags(modelId: string, tags: readonly Tag[], now: number): Promise<void> {
    return this.#db.transaction(async (s) => {
      await activeRow(s, modelId);
      for (const t of tags) await s.run(UPSERT_TAG, [modelId, t.key, t.value]);
      await s.run(TOUCH, [now, modelId]);
    });
  }

  deleteTag(modelId: string, key: string): Promise<void> {
    return this.#db.transaction(async (s) => {
      await activeRow(s, modelId);
      const deleted = await s.run(DELETE_TAG, [modelId, key]);
      if (deleted === 0) {
        throw MlflowError.notFound(`No tag with key '${key}' found for model with ID '${modelId}'.`);
      }
    });
  }

  logParams(modelId: string, params: readonly Tag[]): Promise<void> {
    return this.#db.transaction(async (s) => {
      await activeRow(s, modelId);
      for (const p of params) {
        await s.run(INSERT_PARAM, [modelId, p.key, p.value]);
        const [stored] = await s.all<{ value: string }>(PARAM, [modelId, p.key]);
        if (stored && stored.value !== p.value) {
          throw MlflowError.invalidParameter(
            `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${stored.value}' ` +
              `for logged model ID='${modelId}'. Attempted logging new value '${p.value}'.`,
          );
        }
      }
    });
  }

  logOutputs(runId: string, outputs: readonly ModelOutput[]): Promise<void> {
    return this.#db.transaction(async (s) => {
      for (const o of outputs) {
        await activeRow(s, o.model_id);
        await s.run(INSERT_OUTPUT, [runId, o.model_id, o.step]);
      }
    });
  }

  async runOutputs(runId: string): Promise<ModelOutput[]> {
    const rows = await this.#db.all<{ model_id: string; step: number }>(OUTPUTS, [runId]);
    return rows.map((r) => ({ model_id: r.model_id, step: Number(r.step) }));
  }

  async #load(session: SqlSession, modelId: string): Promise<LoggedModel> {
    const [model] = await this.loader.load(session, [await activeRow(session, modelId)]);
    return model!;
  }
}
