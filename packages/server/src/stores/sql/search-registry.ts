import type { ModelVersion, RegisteredModel } from "@sextant/protocol";
import { type RawBuilder, sql } from "kysely";
import type { FilterClause, OrderByClause } from "../../search/search-types.js";
import type { RegistrySearchQuery } from "../registry-store.js";
import type { Page } from "../tracking-store.js";
import { compareNumber, compareString } from "./compare-sql.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import type { RegistryLoader } from "./registry-loader.js";
import {
  DELETED_STAGE,
  MODEL_VERSION_COLUMNS,
  MODEL_VERSION_FROM,
  type ModelVersionRow,
  REGISTERED_MODEL_COLUMNS,
  type RegisteredModelRow,
} from "./registry-rows.js";
import type { SqlDatabase, SqlDialectName, SqlValue } from "./sql-session.js";

type Sql = RawBuilder<unknown>;

const MODEL_ORDER_COLUMNS: Readonly<Record<string, string>> = {
  name: "m.name",
  creation_timestamp: "m.creation_time",
  last_updated_timestamp: "m.last_updated_time",
};
const VERSION_ORDER_COLUMNS: Readonly<Record<string, string>> = {
  name: "m.name",
  version_number: "v.version",
  creation_timestamp: "v.creation_time",
  last_updated_timestamp: "v.last_updated_time",
};
const VERSION_STRING_COLUMNS: Readonly<Record<string, string>> = { name: "m.name", source_path: "v.source", run_id: "v.run_id" };

function order(clauses: readonly OrderByClause[], columns: Readonly<Record<string, string>>, fallback: readonly string[]): Sql[] {
  const out: Sql[] = [];
  const used = new Set<string>();
  for (const c of clauses) {
    const column = columns[c.key]!;
    used.add(column);
    out.push(sql`${sql.raw(column)} ${sql.raw(c.ascending ? "ASC" : "DESC")}`);
  }
  for (const entry of fallback) {
    const [column] = entry.split(" ");
    if (!used.has(column!)) out.push(sql.raw(entry));
  }
  return out;
}

async function page<R, T>(
  db: SqlDatabase,
  query: RegistrySearchQuery,
  select: Sql,
  load: (rows: readonly R[]) => Promise<T[]>,
): Promise<Page<T>> {
  const offset = decodePageToken(query.pageToken);
  const compiled = sql`${select} LIMIT ${query.maxResults + 1} OFFSET ${offset}`.compile(db.kysely);
  const rows = await db.all<R>(compiled.sql, compiled.parameters as readonly SqlValue[]);
  const items = await load(rows.slice(0, query.maxResults));
  return rows.length > query.maxResults ? { items, nextPageToken: encodePageToken(offset + query.maxResults) } : { items };
}

function where(conditions: readonly Sql[]): Sql {
  return conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
}

function modelFilter(d: SqlDialectName, clause: FilterClause): Sql {
  if (clause.type === "tag") {
    const test = compareString(d, sql.ref("t.value"), clause);
    return sql`EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.model_ref = m.id AND t.key = ${clause.key} AND ${test})`;
  }
  return compareString(d, sql.raw("m.name"), clause);
}

function versionFilter(d: SqlDialectName, clause: FilterClause): Sql {
  if (clause.type === "tag") {
    const test = compareString(d, sql.ref("t.value"), clause);
    return sql`EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_ref = v.model_ref AND t.version = v.version AND t.key = ${clause.key} AND ${test})`;
  }
  if (clause.key === "version_number") return compareNumber(sql.raw("v.version"), clause);
  return compareString(d, sql.raw(VERSION_STRING_COLUMNS[clause.key]!), clause);
}

/**
 * Registered models matching the parsed filter (name, tags), ordered as asked with name
 * ascending breaking ties (MLflow's natural order), one page at a time.
 */
export function searchRegisteredModels(
  db: SqlDatabase,
  loader: RegistryLoader,
  query: RegistrySearchQuery,
): Promise<Page<RegisteredModel>> {
  const conditions = query.filter.map((c) => modelFilter(db.dialect, c));
  const orderBy = order(query.orderBy, MODEL_ORDER_COLUMNS, ["m.name ASC"]);
  const select = sql`SELECT ${sql.raw(REGISTERED_MODEL_COLUMNS)} FROM registered_models m ${where(conditions)} ORDER BY ${sql.join(orderBy)}`;
  return page<RegisteredModelRow, RegisteredModel>(db, query, select, (rows) => loader.models(db, rows));
}

/**
 * Model versions (never deleted ones) matching the parsed filter, ordered as asked, then by
 * last update (newest first), name and version (highest first), one page at a time.
 */
export function searchModelVersions(db: SqlDatabase, loader: RegistryLoader, query: RegistrySearchQuery): Promise<Page<ModelVersion>> {
  const conditions = [sql.raw(`v.current_stage <> '${DELETED_STAGE}'`), ...query.filter.map((c) => versionFilter(db.dialect, c))];
  const orderBy = order(query.orderBy, VERSION_ORDER_COLUMNS, ["v.last_updated_time DESC", "m.name ASC", "v.version DESC"]);
  const select = sql`SELECT ${sql.raw(MODEL_VERSION_COLUMNS)} FROM ${sql.raw(MODEL_VERSION_FROM)} ${where(conditions)} ORDER BY ${sql.join(orderBy)}`;
  return page<ModelVersionRow, ModelVersion>(db, query, select, (rows) => loader.versions(db, rows));
}
