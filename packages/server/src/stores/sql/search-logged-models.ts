import { LOGGED_MODEL_STATUS_NUMBERS, type LoggedModel, MlflowError } from "@sextant/protocol";
import { type RawBuilder, sql } from "kysely";
import type { FilterClause } from "../../search/search-types.js";
import type { LOGGED_MODEL_SEARCH_ATTRIBUTES, LoggedModelDatasetFilter, SearchLoggedModelsQuery } from "../logged-model-store.js";
import type { Page } from "../tracking-store.js";
import { compareNumber, compareString } from "./compare-sql.js";
import { listValue } from "./list-param.js";
import { LOGGED_MODEL_COLUMNS, type LoggedModelLoader, type LoggedModelRow } from "./logged-models.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import type { SqlDatabase, SqlDialectName, SqlValue } from "./sql-session.js";

type Sql = RawBuilder<unknown>;

/** Attribute columns of logged models by the names search uses. */
export const LOGGED_MODEL_ATTRIBUTE_COLUMNS: Readonly<Record<(typeof LOGGED_MODEL_SEARCH_ATTRIBUTES)[number], string>> = {
  name: "lm.name",
  model_id: "lm.model_id",
  model_type: "lm.model_type",
  source_run_id: "lm.source_run_id",
  status: "lm.status",
  creation_timestamp: "lm.creation_timestamp_ms",
  creation_timestamp_ms: "lm.creation_timestamp_ms",
  creation_time: "lm.creation_timestamp_ms",
  last_updated_timestamp: "lm.last_updated_timestamp_ms",
  last_updated_timestamp_ms: "lm.last_updated_timestamp_ms",
};
const NUMERIC = new Set(["lm.creation_timestamp_ms", "lm.last_updated_timestamp_ms"]);

/** `READY` or `LOGGED_MODEL_READY` (any case) -> the stored number. INVALID_PARAMETER_VALUE otherwise. */
function statusNumber(value: string): number {
  const upper = value.toUpperCase();
  const name = upper.startsWith("LOGGED_MODEL_") ? upper : upper === "UPLOAD_FAILED" || upper === "FAILED" ? "LOGGED_MODEL_UPLOAD_FAILED" : `LOGGED_MODEL_${upper}`;
  const n = (LOGGED_MODEL_STATUS_NUMBERS as Readonly<Record<string, number>>)[name];
  if (n === undefined) {
    throw MlflowError.invalidParameter(`Invalid logged model status '${value}': use PENDING, READY or UPLOAD_FAILED`);
  }
  return n;
}

/** `x` is a point of one of the datasets (any point when none are given). */
function inDatasets(datasets: readonly LoggedModelDatasetFilter[]): Sql {
  if (datasets.length === 0) return sql`1 = 1`;
  const each = datasets.map((d) =>
    d.digest === undefined ? sql`x.dataset_name = ${d.name}` : sql`(x.dataset_name = ${d.name} AND x.dataset_digest = ${d.digest})`,
  );
  return sql`(${sql.join(each, sql` OR `)})`;
}

function filterSql(d: SqlDialectName, clause: FilterClause, datasets: readonly LoggedModelDatasetFilter[]): Sql {
  if (clause.type === "metric") {
    // Any linked point of the metric satisfying the comparison (MLflow's logged-model metric filter).
    const test = compareNumber(sql.ref("x.metric_value"), clause);
    return sql`EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = lm.model_id AND x.metric_name = ${clause.key} AND x.is_nan = 0 AND ${test} AND ${inDatasets(datasets)})`;
  }
  if (clause.type === "tag" || clause.type === "parameter") {
    const table = clause.type === "tag" ? "logged_model_tags" : "logged_model_params";
    const test = compareString(d, sql.ref("x.value"), clause);
    return sql`EXISTS (SELECT 1 FROM ${sql.raw(table)} x WHERE x.model_id = lm.model_id AND x.key = ${clause.key} AND ${test})`;
  }
  const column = (LOGGED_MODEL_ATTRIBUTE_COLUMNS as Readonly<Record<string, string>>)[clause.key]!;
  if (NUMERIC.has(column)) return compareNumber(sql.raw(column), clause);
  if (column === "lm.status") {
    const { comparator, value } = clause;
    const numbers = (Array.isArray(value) ? value : [String(value)]).map((v) => statusNumber(String(v)));
    if (comparator === "=" || comparator === "!=") return sql`lm.status ${sql.raw(comparator === "=" ? "=" : "<>")} ${numbers[0]!}`;
    if (comparator === "IN" || comparator === "NOT IN") {
      return sql`lm.status ${sql.raw(comparator)} (${sql.join(numbers.map((n) => sql`${n}`))})`;
    }
    throw MlflowError.invalidParameter(`Invalid comparator '${comparator}' for attribute 'status'; use =, !=, IN or NOT IN`);
  }
  return compareString(d, sql.raw(column), clause);
}

/**
 * Logged models of the given experiments (never deleted ones) matching the parsed filter,
 * ordered as asked (nulls last) with the newest first breaking ties, one page at a time.
 */
export async function searchLoggedModels(
  db: SqlDatabase,
  loader: LoggedModelLoader,
  query: SearchLoggedModelsQuery,
): Promise<Page<LoggedModel>> {
  const offset = decodePageToken(query.pageToken);
  const experimentIds = query.experimentIds.map(Number).filter((n) => Number.isSafeInteger(n));
  const ids = listValue(db.dialect, experimentIds);
  const inExperiments =
    db.dialect === "sqlite" ? sql`lm.experiment_id IN (SELECT value FROM json_each(${ids}))` : sql`lm.experiment_id = ANY(${ids})`;
  const datasets = query.datasets ?? [];
  const conditions: Sql[] = [sql`lm.lifecycle_stage = 'active'`, inExperiments, ...query.filter.map((c) => filterSql(db.dialect, c, datasets))];
  if (datasets.length > 0 && !query.filter.some((c) => c.type === "metric")) {
    conditions.push(sql`EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = lm.model_id AND ${inDatasets(datasets)})`);
  }
  const orders: Sql[] = [];
  for (const o of query.orderBy) {
    if (o.metricKey !== undefined) {
      // The model's latest point of the metric (newest timestamp, then step), nulls last.
      const only = [...(o.datasetName !== undefined ? [sql`x.dataset_name = ${o.datasetName}`] : []), ...(o.datasetDigest !== undefined ? [sql`x.dataset_digest = ${o.datasetDigest}`] : [])];
      const latest = sql`(SELECT x.metric_value FROM logged_model_metrics x WHERE x.model_id = lm.model_id AND x.metric_name = ${o.metricKey}${only.length > 0 ? sql` AND ${sql.join(only, sql` AND `)}` : sql``} ORDER BY x.metric_timestamp_ms DESC, x.metric_step DESC LIMIT 1)`;
      orders.push(sql`CASE WHEN ${latest} IS NULL THEN 1 ELSE 0 END`, sql`${latest} ${sql.raw(o.ascending ? "ASC" : "DESC")}`);
      continue;
    }
    const column = sql.raw((LOGGED_MODEL_ATTRIBUTE_COLUMNS as Readonly<Record<string, string>>)[o.column]!);
    orders.push(sql`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, sql`${column} ${sql.raw(o.ascending ? "ASC" : "DESC")}`);
  }
  if (!query.orderBy.some((o) => o.column.startsWith("creation_time"))) {
    orders.push(sql`lm.creation_timestamp_ms DESC`);
  }
  orders.push(sql`lm.model_id ASC`);
  const compiled = sql`SELECT ${sql.raw(LOGGED_MODEL_COLUMNS)} FROM logged_models lm WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${sql.join(orders)} LIMIT ${query.maxResults + 1} OFFSET ${offset}`.compile(
    db.kysely,
  );
  const rows = await db.all<LoggedModelRow>(compiled.sql, compiled.parameters as readonly SqlValue[]);
  const items = await loader.load(db, rows.slice(0, query.maxResults));
  return rows.length > query.maxResults ? { items, nextPageToken: encodePageToken(offset + query.maxResults) } : { items };
}
