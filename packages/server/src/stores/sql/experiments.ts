import { type Experiment, type ExperimentTag, type LifecycleStage, MlflowError } from "@sextant/protocol";
import type { CreateExperimentInput } from "../tracking-store.js";
import { appendUriPath } from "./artifact-uri.js";
import { isForeignKeyViolation, isUniqueViolation } from "./db-errors.js";
import { inList, listValue } from "./list-param.js";
import { defineStatement, type SqlDatabase, type SqlSession, type Stmt } from "./sql-session.js";

/** experiments row as selected by EXPERIMENT_COLUMNS. */
export interface ExperimentRow {
  readonly experiment_id: number;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: string;
  readonly creation_time: number;
  readonly last_update_time: number;
}

/** The experiments columns every experiment query selects. */
export const EXPERIMENT_COLUMNS = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";
const DEFAULT_EXPERIMENT_NAME = "Default";

const INSERT = defineStatement(
  "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, 'active', ?, ?) RETURNING experiment_id",
);
const SET_LOCATION = defineStatement("UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?");
const INSERT_DEFAULT = defineStatement(
  "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (0, ?, ?, 'active', ?, ?) ON CONFLICT DO NOTHING",
);
const BY_ID = defineStatement(`SELECT ${EXPERIMENT_COLUMNS} FROM experiments WHERE experiment_id = ?`);
const BY_NAME = defineStatement(
  `SELECT ${EXPERIMENT_COLUMNS} FROM experiments WHERE name = ? ORDER BY CASE lifecycle_stage WHEN 'active' THEN 0 ELSE 1 END LIMIT 1`,
);
const RENAME = defineStatement("UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?");
const SET_STAGE = defineStatement("UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?");
const SET_RUNS_STAGE = defineStatement("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ?");
const UPSERT_TAG = defineStatement(
  "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value",
);
const DELETE_TAG = defineStatement("DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?");

/** Experiment ids are non-negative 32-bit integers exposed as strings; anything else matches nothing. */
export function parseExperimentId(id: string): number | undefined {
  if (!/^\d{1,10}$/.test(id)) return undefined;
  const n = Number(id);
  return n <= 2_147_483_647 ? n : undefined;
}

function notFound(id: string): MlflowError {
  return MlflowError.notFound(`No Experiment with id=${id} exists`);
}

function alreadyExists(name: string, cause: unknown): MlflowError {
  return new MlflowError("RESOURCE_ALREADY_EXISTS", `Experiment(name=${name}) already exists.`, { cause });
}

/** Experiment SQL (one aggregate: experiments and their tags). */
export class ExperimentQueries {
  readonly #db: SqlDatabase;
  readonly #tagsOf: Stmt;

  constructor(db: SqlDatabase) {
    this.#db = db;
    this.#tagsOf = defineStatement(
      `SELECT experiment_id, key, value FROM experiment_tags WHERE ${inList(db.dialect, "experiment_id")} ORDER BY experiment_id, key`,
    );
  }

  /** Creates experiment "0" named "Default" when missing (MLflow does this at store start). */
  async ensureDefault(defaultArtifactRoot: string, now: number): Promise<void> {
    await this.#db.run(INSERT_DEFAULT, [DEFAULT_EXPERIMENT_NAME, appendUriPath(defaultArtifactRoot, "0"), now, now]);
  }

  async create(input: CreateExperimentInput, defaultArtifactRoot: string, now: number): Promise<string> {
    try {
      return await this.#db.transaction(async (s) => {
        const location = input.artifactLocation || "";
        const [row] = await s.all<{ experiment_id: number }>(INSERT, [input.name, location, now, now]);
        const id = row!.experiment_id;
        if (!input.artifactLocation) await s.run(SET_LOCATION, [appendUriPath(defaultArtifactRoot, String(id)), id]);
        for (const tag of input.tags ?? []) await s.run(UPSERT_TAG, [id, tag.key, tag.value]);
        return String(id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(input.name, error);
      throw error;
    }
  }

  async get(id: string): Promise<Experiment> {
    const key = parseExperimentId(id);
    const [row] = key === undefined ? [] : await this.#db.all<ExperimentRow>(BY_ID, [key]);
    if (!row) throw notFound(id);
    return (await this.withTags(this.#db, [row]))[0]!;
  }

  async getByName(name: string): Promise<Experiment | undefined> {
    const [row] = await this.#db.all<ExperimentRow>(BY_NAME, [name]);
    return row ? (await this.withTags(this.#db, [row]))[0] : undefined;
  }

  async rename(id: string, newName: string, now: number): Promise<void> {
    const key = parseExperimentId(id);
    let changed = 0;
    try {
      changed = key === undefined ? 0 : await this.#db.run(RENAME, [newName, now, key]);
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(newName, error);
      throw error;
    }
    if (changed === 0) throw notFound(id);
  }

  /** Moves the experiment and all its runs to `stage` (MLflow cascades delete and restore). */
  async setLifecycle(id: string, stage: LifecycleStage, now: number): Promise<void> {
    const key = parseExperimentId(id);
    if (key === undefined) throw notFound(id);
    await this.#db.transaction(async (s) => {
      if ((await s.run(SET_STAGE, [stage, now, key])) === 0) throw notFound(id);
      await s.run(SET_RUNS_STAGE, [stage, stage === "deleted" ? now : null, key]);
    });
  }

  async setTag(id: string, tag: ExperimentTag): Promise<void> {
    const key = parseExperimentId(id);
    if (key === undefined) throw notFound(id);
    try {
      await this.#db.run(UPSERT_TAG, [key, tag.key, tag.value]);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw notFound(id);
      throw error;
    }
  }

  async deleteTag(id: string, tagKey: string): Promise<void> {
    const key = parseExperimentId(id);
    const [row] = key === undefined ? [] : await this.#db.all<ExperimentRow>(BY_ID, [key]);
    if (!row) throw notFound(id);
    if ((await this.#db.run(DELETE_TAG, [key!, tagKey])) === 0) {
      throw MlflowError.notFound(`No tag with name: ${tagKey} in experiment with id ${id}`);
    }
  }

  /** Entities for `rows`, their tags loaded in one query. */
  async withTags(session: SqlSession, rows: readonly ExperimentRow[]): Promise<Experiment[]> {
    if (rows.length === 0) return [];
    const tagRows = await session.all<{ experiment_id: number; key: string; value: string }>(this.#tagsOf, [
      listValue(session.dialect, rows.map((r) => r.experiment_id)),
    ]);
    const tags = new Map<number, ExperimentTag[]>();
    for (const t of tagRows) {
      const list = tags.get(t.experiment_id) ?? [];
      list.push({ key: t.key, value: t.value });
      tags.set(t.experiment_id, list);
    }
    return rows.map((r) => ({
      experiment_id: String(r.experiment_id),
      name: r.name,
      artifact_location: r.artifact_location,
      lifecycle_stage: r.lifecycle_stage as LifecycleStage,
      last_update_time: r.last_update_time,
      creation_time: r.creation_time,
      tags: tags.get(r.experiment_id) ?? [],
    }));
  }
}
