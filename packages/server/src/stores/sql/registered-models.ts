import { MlflowError, type RegisteredModel, type Tag } from "@sextant/protocol";
import type { CreateRegisteredModelInput } from "../registry-store.js";
import { isUniqueViolation } from "./db-errors.js";
import type { RegistryLoader } from "./registry-loader.js";
import { REGISTERED_MODEL_COLUMNS, type RegisteredModelRow } from "./registry-rows.js";
import { defineStatement, type SqlDatabase, type SqlSession } from "./sql-session.js";

const BY_NAME = defineStatement(`SELECT ${REGISTERED_MODEL_COLUMNS} FROM registered_models m WHERE m.name = ?`);
const INSERT = defineStatement(
  "INSERT INTO registered_models (name, creation_time, last_updated_time, description, user_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
);
const UPSERT_TAG = defineStatement(
  "INSERT INTO registered_model_tags (model_ref, key, value) VALUES (?, ?, ?) ON CONFLICT (model_ref, key) DO UPDATE SET value = excluded.value",
);
const DELETE_TAG = defineStatement("DELETE FROM registered_model_tags WHERE model_ref = ? AND key = ?");
const RENAME = defineStatement("UPDATE registered_models SET name = ?, last_updated_time = ? WHERE id = ?");
const TOUCH_VERSIONS = defineStatement("UPDATE model_versions SET last_updated_time = ? WHERE model_ref = ?");
const DESCRIBE = defineStatement("UPDATE registered_models SET description = ?, last_updated_time = ? WHERE id = ?");
const TOUCH = defineStatement("UPDATE registered_models SET last_updated_time = ? WHERE id = ?");
const DELETE_VERSION_TAGS = defineStatement("DELETE FROM model_version_tags WHERE model_ref = ?");
const DELETE = defineStatement("DELETE FROM registered_models WHERE id = ?");

/** MLflow's message for a missing registered model. RESOURCE_DOES_NOT_EXIST. */
export function registeredModelNotFound(name: string): MlflowError {
  return MlflowError.notFound(`Registered Model with name=${name} not found`);
}

/** The row of registered model `name`, or RESOURCE_DOES_NOT_EXIST. */
export async function registeredModelRow(session: SqlSession, name: string): Promise<RegisteredModelRow> {
  const [row] = await session.all<RegisteredModelRow>(BY_NAME, [name]);
  if (!row) throw registeredModelNotFound(name);
  return row;
}

/**
 * Locks registered model `name` for the rest of the transaction (its row is updated, which
 * on PostgreSQL holds a row lock until commit) and returns its row. Version allocation and
 * stage moves go through here so concurrent writers to one model take turns.
 */
export async function lockRegisteredModel(session: SqlSession, name: string, now: number): Promise<RegisteredModelRow> {
  const row = await registeredModelRow(session, name);
  await session.run(TOUCH, [now, row.id]);
  return row;
}

/** SQL for registered models: create, read, rename, describe, delete, tags. */
export class RegisteredModelQueries {
  readonly #db: SqlDatabase;
  readonly #loader: RegistryLoader;

  constructor(db: SqlDatabase, loader: RegistryLoader) {
    this.#db = db;
    this.#loader = loader;
  }

  async create(input: CreateRegisteredModelInput, now: number): Promise<RegisteredModel> {
    try {
      return await this.#db.transaction(async (s) => {
        const [created] = await s.all<{ id: number }>(INSERT, [input.name, now, now, input.description ?? null, input.userId ?? null]);
        for (const tag of input.tags) await s.run(UPSERT_TAG, [created!.id, tag.key, tag.value]);
        return this.#load(s, input.name);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw MlflowError.alreadyExists(`Registered Model (name=${input.name}) already exists.`);
      }
      throw error;
    }
  }

  get(name: string): Promise<RegisteredModel> {
    return this.#load(this.#db, name);
  }

  async rename(name: string, newName: string, now: number): Promise<RegisteredModel> {
    try {
      return await this.#db.transaction(async (s) => {
        const row = await registeredModelRow(s, name);
        await s.run(RENAME, [newName, now, row.id]);
        await s.run(TOUCH_VERSIONS, [now, row.id]);
        return this.#load(s, newName);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw MlflowError.alreadyExists(`Registered Model (name=${newName}) already exists.`);
      throw error;
    }
  }

  update(name: string, description: string | undefined, now: number): Promise<RegisteredModel> {
    return this.#db.transaction(async (s) => {
      const row = await registeredModelRow(s, name);
      await s.run(DESCRIBE, [description ?? null, now, row.id]);
      return this.#load(s, name);
    });
  }

  delete(name: string): Promise<void> {
    return this.#db.transaction(async (s) => {
      const row = await registeredModelRow(s, name);
      await s.run(DELETE_VERSION_TAGS, [row.id]);
      await s.run(DELETE, [row.id]);
    });
  }

  setTag(name: string, tag: Tag): Promise<void> {
    return this.#db.transaction(async (s) => {
      const row = await registeredModelRow(s, name);
      await s.run(UPSERT_TAG, [row.id, tag.key, tag.value]);
    });
  }

  deleteTag(name: string, key: string): Promise<void> {
    return this.#db.transaction(async (s) => {
      const row = await registeredModelRow(s, name);
      await s.run(DELETE_TAG, [row.id, key]);
    });
  }

  async #load(session: SqlSession, name: string): Promise<RegisteredModel> {
    const [model] = await this.#loader.models(session, [await registeredModelRow(session, name)]);
    return model!;
  }
}
