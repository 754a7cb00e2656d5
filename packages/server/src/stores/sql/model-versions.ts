import { MlflowError, type ModelVersion, type Tag } from "@sextant/protocol";
import type { CreateModelVersionInput } from "../registry-store.js";
import { lockRegisteredModel, registeredModelRow } from "./registered-models.js";
import type { RegistryLoader } from "./registry-loader.js";
import { DELETED_STAGE, MODEL_VERSION_COLUMNS, MODEL_VERSION_FROM, type ModelVersionRow } from "./registry-rows.js";
import { defineStatement, type SqlDatabase, type SqlSession } from "./sql-session.js";

const BY_VERSION = defineStatement(
  `SELECT ${MODEL_VERSION_COLUMNS} FROM ${MODEL_VERSION_FROM} WHERE m.name = ? AND v.version = ? AND v.current_stage <> '${DELETED_STAGE}'`,
);
const NEXT_VERSION = defineStatement("SELECT COALESCE(MAX(version), 0) + 1 AS next FROM model_versions WHERE model_ref = ?");
const INSERT = defineStatement(
  "INSERT INTO model_versions (model_ref, version, creation_time, last_updated_time, description, user_id, current_stage, " +
    "source, storage_location, run_id, run_link, model_id, status, status_message) VALUES (?, ?, ?, ?, ?, ?, 'None', ?, ?, ?, ?, ?, ?, NULL)",
);
const UPSERT_TAG = defineStatement(
  "INSERT INTO model_version_tags (model_ref, version, key, value) VALUES (?, ?, ?, ?) " +
    "ON CONFLICT (model_ref, version, key) DO UPDATE SET value = excluded.value",
);
const DELETE_TAG = defineStatement("DELETE FROM model_version_tags WHERE model_ref = ? AND version = ? AND key = ?");
const DESCRIBE = defineStatement(
  "UPDATE model_versions SET description = ?, last_updated_time = ? WHERE model_ref = ? AND version = ?",
);
const ARCHIVE_OTHERS = defineStatement(
  "UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ? WHERE model_ref = ? AND version <> ? AND current_stage = ?",
);
const SET_STAGE = defineStatement(
  "UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE model_ref = ? AND version = ?",
);
const REDACT = defineStatement(
  `UPDATE model_versions SET current_stage = '${DELETED_STAGE}', last_updated_time = ?, description = NULL, user_id = NULL, ` +
    "source = 'REDACTED-SOURCE-PATH', storage_location = NULL, run_id = 'REDACTED-RUN-ID', run_link = 'REDACTED-RUN-LINK', " +
    "status_message = NULL WHERE model_ref = ? AND version = ?",
);
const DROP_ALIASES_OF = defineStatement("DELETE FROM registered_model_aliases WHERE model_ref = ? AND version = ?");
const UPSERT_ALIAS = defineStatement(
  "INSERT INTO registered_model_aliases (model_ref, alias, version) VALUES (?, ?, ?) " +
    "ON CONFLICT (model_ref, alias) DO UPDATE SET version = excluded.version",
);
const DELETE_ALIAS = defineStatement("DELETE FROM registered_model_aliases WHERE model_ref = ? AND alias = ?");
const ALIAS = defineStatement(
  "SELECT a.version FROM registered_model_aliases a JOIN registered_models m ON m.id = a.model_ref WHERE m.name = ? AND a.alias = ?",
);
const LATEST_BY_STAGE = defineStatement(
  `SELECT ${MODEL_VERSION_COLUMNS} FROM ${MODEL_VERSION_FROM} WHERE m.name = ? AND v.current_stage <> '${DELETED_STAGE}' ` +
    "AND v.version = (SELECT MAX(w.version) FROM model_versions w WHERE w.model_ref = v.model_ref AND w.current_stage = v.current_stage) " +
    "ORDER BY v.version",
);

/** MLflow's message for a missing version. RESOURCE_DOES_NOT_EXIST. */
export function modelVersionNotFound(name: string, version: number): MlflowError {
  return MlflowError.notFound(`Model Version (name=${name}, version=${version}) not found`);
}

async function versionRow(session: SqlSession, name: string, version: number): Promise<ModelVersionRow> {
  const [row] = await session.all<ModelVersionRow>(BY_VERSION, [name, version]);
  if (!row) {
    await registeredModelRow(session, name);
    throw modelVersionNotFound(name, version);
  }
  return row;
}

/** SQL for model versions and aliases. */
export class ModelVersionQueries {
  readonly #db: SqlDatabase;
  readonly #loader: RegistryLoader;

  constructor(db: SqlDatabase, loader: RegistryLoader) {
    this.#db = db;
    this.#loader = loader;
  }

  create(input: CreateModelVersionInput, now: number): Promise<ModelVersion> {
    return this.#db.transaction(async (s) => {
      const model = await lockRegisteredModel(s, input.name, now);
      const [next] = await s.all<{ next: number | string }>(NEXT_VERSION, [model.id]);
      const version = Number(next!.next);
      await s.run(INSERT, [
        model.id,
        version,
        now,
        now,
        input.description ?? null,
        input.userId ?? null,
        input.source,
        input.storageLocation ?? null,
        input.runId ?? null,
        input.runLink ?? null,
        input.modelId ?? null,
        input.status,
      ]);
      for (const tag of input.tags) await s.run(UPSERT_TAG, [model.id, version, tag.key, tag.value]);
      return this.#load(s, input.name, version);
    });
  }

  get(name: string, version: number): Promise<ModelVersion> {
    return this.#load(this.#db, name, version);
  }

  update(name: string, version: number, description: string | undefined, now: number): Promise<ModelVersion> {
    return this.#db.transaction(async (s) => {
      const row = await versionRow(s, name, version);
      await s.run(DESCRIBE, [description ?? null, now, row.model_ref, version]);
      return this.#load(s, name, version);
    });
  }

  transition(name: string, version: number, stage: string, archiveExisting: boolean, now: number): Promise<ModelVersion> {
    return this.#db.transaction(async (s) => {
      const model = await lockRegisteredModel(s, name, now);
      await versionRow(s, name, version);
      if (archiveExisting) await s.run(ARCHIVE_OTHERS, [now, model.id, version, stage]);
      await s.run(SET_STAGE, [stage, now, model.id, version]);
      return this.#load(s, name, version);
    });
  }

  delete(name: string, version: number, now: number): Promise<void> {
    return this.#db.transaction(async (s) => {
      const model = await lockRegisteredModel(s, name, now);
      await versionRow(s, name, version);
      await s.run(REDACT, [now, model.id, version]);
      await s.run(DROP_ALIASES_OF, [model.id, version]);
    });
  }

  async latest(name: string, stages: readonly string[]): Promise<ModelVersion[]> {
    await registeredModelRow(this.#db, name);
    const rows = await this.#db.all<ModelVersionRow>(LATEST_BY_STAGE, [name]);
    const wanted = rows.filter((r) => stages.length === 0 || stages.includes(r.current_stage));
    return this.#loader.versions(this.#db, wanted);
  }

  async downloadUri(name: string, version: number): Promise<string> {
    const row = await versionRow(this.#db, name, version);
    return row.storage_location ?? row.source;
  }

  setTag(name: string, version: number, tag: Tag): Promise<void> {
    return this.#db.transaction(async (s) => {
      const row = await versionRow(s, name, version);
      await s.run(UPSERT_TAG, [row.model_ref, version, tag.key, tag.value]);
    });
  }

  deleteTag(name: string, version: number, key: string): Promise<void> {
    return this.#db.transaction(async (s) => {
      const row = await versionRow(s, name, version);
      await s.run(DELETE_TAG, [row.model_ref, version, key]);
    });
  }

  setAlias(name: string, alias: string, version: number): Promise<void> {
    return this.#db.transaction(async (s) => {
      const row = await versionRow(s, name, version);
      await s.run(UPSERT_ALIAS, [row.model_ref, alias, version]);
    });
  }

  deleteAlias(name: string, alias: string): Promise<void> {
    return this.#db.transaction(async (s) => {
      const model = await registeredModelRow(s, name);
      await s.run(DELETE_ALIAS, [model.id, alias]);
    });
  }

  async byAlias(name: string, alias: string): Promise<ModelVersion> {
    const [row] = await this.#db.all<{ version: number }>(ALIAS, [name, alias]);
    if (!row) {
      await registeredModelRow(this.#db, name);
      throw MlflowError.invalidParameter(`Registered model alias ${alias} not found.`);
    }
    return this.get(name, Number(row.version));
  }

  async #load(session: SqlSession, name: string, version: number): Promise<ModelVersion> {
    const [loaded] = await this.#loader.versions(session, [await versionRow(session, name, version)]);
    return loaded!;
  }
}
