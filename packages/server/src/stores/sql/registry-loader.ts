import type { ModelVersion, RegisteredModel, RegisteredModelAlias, Tag } from "@sextant/protocol";
import { inList, listValue } from "./list-param.js";
import {
  DELETED_STAGE,
  MODEL_VERSION_COLUMNS,
  MODEL_VERSION_FROM,
  type ModelVersionRow,
  type RegisteredModelRow,
  toModelVersion,
  toRegisteredModel,
} from "./registry-rows.js";
import { defineStatement, type SqlDialectName, type SqlSession, type Stmt } from "./sql-session.js";

interface VersionTagRow {
  readonly model_ref: number;
  readonly version: number;
  readonly key: string;
  readonly value: string;
}

interface AliasRow {
  readonly model_ref: number;
  readonly alias: string;
  readonly version: number;
}

const versionKey = (modelRef: number, version: number): string => `${modelRef}:${version}`;

/**
 * Turns registry rows into wire entities with a fixed number of queries whatever the number
 * of rows (no N+1): tags, aliases and, for registered models, the latest version per stage.
 */
export class RegistryLoader {
  readonly #modelTags: Stmt;
  readonly #aliases: Stmt;
  readonly #versionTags: Stmt;
  readonly #latest: Stmt;

  constructor(dialect: SqlDialectName) {
    const byRef = inList(dialect, "model_ref");
    this.#modelTags = defineStatement(`SELECT model_ref, key, value FROM registered_model_tags WHERE ${byRef} ORDER BY key`);
    this.#aliases = defineStatement(`SELECT model_ref, alias, version FROM registered_model_aliases WHERE ${byRef} ORDER BY alias`);
    this.#versionTags = defineStatement(
      `SELECT model_ref, version, key, value FROM model_version_tags WHERE ${byRef} ORDER BY key`,
    );
    this.#latest = defineStatement(
      `SELECT ${MODEL_VERSION_COLUMNS} FROM ${MODEL_VERSION_FROM} WHERE ${inList(dialect, "v.model_ref")} ` +
        `AND v.current_stage <> '${DELETED_STAGE}' AND v.version = (SELECT MAX(w.version) FROM model_versions w ` +
        "WHERE w.model_ref = v.model_ref AND w.current_stage = v.current_stage) ORDER BY v.version",
    );
  }

  /** Versions with their tags and aliases, in the order given. */
  async versions(session: SqlSession, rows: readonly ModelVersionRow[]): Promise<ModelVersion[]> {
    if (rows.length === 0) return [];
    const refs = listValue(session.dialect, [...new Set(rows.map((r) => r.model_ref))]);
    const tags = await session.all<VersionTagRow>(this.#versionTags, [refs]);
    const aliases = await session.all<AliasRow>(this.#aliases, [refs]);
    const tagsOf = new Map<string, Tag[]>();
    for (const t of tags) push(tagsOf, versionKey(t.model_ref, t.version), { key: t.key, value: t.value });
    const aliasesOf = new Map<string, string[]>();
    for (const a of aliases) push(aliasesOf, versionKey(a.model_ref, a.version), a.alias);
    return rows.map((row) => {
      const key = versionKey(row.model_ref, row.version);
      return toModelVersion(row, tagsOf.get(key) ?? [], aliasesOf.get(key) ?? []);
    });
  }

  /** Registered models with tags, aliases and latest versions, in the order given. */
  async models(session: SqlSession, rows: readonly RegisteredModelRow[]): Promise<RegisteredModel[]> {
    if (rows.length === 0) return [];
    const refs = listValue(
      session.dialect,
      rows.map((r) => r.id),
    );
    const tags = await session.all<{ model_ref: number; key: string; value: string }>(this.#modelTags, [refs]);
    const aliases = await session.all<AliasRow>(this.#aliases, [refs]);
    const latest = await this.versions(session, await session.all<ModelVersionRow>(this.#latest, [refs]));
    const tagsOf = new Map<number, Tag[]>();
    for (const t of tags) push(tagsOf, Number(t.model_ref), { key: t.key, value: t.value });
    const aliasesOf = new Map<number, RegisteredModelAlias[]>();
    for (const a of aliases) push(aliasesOf, Number(a.model_ref), { alias: a.alias, version: String(a.version) });
    const latestOf = new Map<string, ModelVersion[]>();
    for (const v of latest) push(latestOf, v.name, v);
    return rows.map((row) =>
      toRegisteredModel(row, tagsOf.get(Number(row.id)) ?? [], aliasesOf.get(Number(row.id)) ?? [], latestOf.get(row.name) ?? []),
    );
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
