import { MlflowError, type Run, type ViewType } from "@sextant/protocol";
import { type RawBuilder, sql } from "kysely";
import type { FilterClause, OrderByClause } from "../../search/search-types.js";
import type { Page, SearchRunsQuery } from "../tracking-store.js";
import { compareNumber, compareString } from "./compare-sql.js";
import { parseExperimentId } from "./experiments.js";
import { listValue } from "./list-param.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { canonicalRunAttribute, runAttribute } from "./run-attributes.js";
import type { RunLoader } from "./run-loader.js";
import { RUN_SELECT, type RunRow } from "./run-row.js";
import type { SqlDatabase, SqlDialectName, SqlValue } from "./sql-session.js";

const DATASET_CONTEXT_TAG = "mlflow.data.context";

type Sql = RawBuilder<unknown>;

/** Lifecycle stages a view type selects (undefined: no restriction). */
export function stagesOf(viewType: ViewType): readonly string[] | undefined {
  if (viewType === "ACTIVE_ONLY") return ["active"];
  if (viewType === "DELETED_ONLY") return ["deleted"];
  return undefined;
}

/**
 * MLflow's run search compiled to one SQL query per page plus a fixed number of queries for
 * the page's data. Filters become EXISTS probes on latest_metrics / params / tags / inputs
 * (a run lacking the key never matches, `!=` included, as in MLflow's SQL store); ordering
 * joins the ordered key and sorts runs lacking it (and NaN metrics) last in both directions;
 * ties break by start_time DESC then run_uuid. Pages are offsets in opaque tokens.
 * Throws INVALID_PARAMETER_VALUE for an unusable clause or page token.
 */
export async function searchRuns(db: SqlDatabase, loader: RunLoader, query: SearchRunsQuery): Promise<Page<Run>> {
  const offset = decodePageToken(query.pageToken);
  const experimentIds = query.experimentIds
    .map(parseExperimentId)
    .filter((id): id is number => id !== undefined);
  if (experimentIds.length === 0 || query.maxResults <= 0) return { items: [] };

  const d = db.dialect;
  const where: Sql[] = [inListSql(d, sql.ref("r.experiment_id"), experimentIds)];
  const stages = stagesOf(query.viewType);
  if (stages) where.push(inListSql(d, sql.ref("r.lifecycle_stage"), stages));
  for (const clause of query.filter) where.push(filterSql(d, clause));

  const { joins, orders } = orderSql(query.orderBy);
  const compiled = sql`SELECT ${sql.raw(RUN_SELECT)} FROM runs r ${sql.join(joins, sql` `)} WHERE ${sql.join(where, sql` AND `)} ORDER BY ${sql.join(orders)} LIMIT ${query.maxResults + 1} OFFSET ${offset}`.compile(
    db.kysely,
  );
  const rows = await db.all<RunRow>(compiled.sql, compiled.parameters as readonly SqlValue[]);
  const page = rows.slice(0, query.maxResults);
  const items = await loader.load(db, page);
  return rows.length > query.maxResults ? { items, nextPageToken: encodePageToken(offset + query.maxResults) } : { items };
}

function inListSql(dialect: SqlDialectName, column: Sql, values: readonly (string | number)[]): Sql {
  const list = listValue(dialect, values);
  return dialect === "sqlite" ? sql`${column} IN (SELECT value FROM json_each(${list}))` : sql`${column} = ANY(${list})`;
}

function filterSql(d: SqlDialectName, clause: FilterClause): Sql {
  switch (clause.type) {
    case "metric": {
      const value = sql.ref("m.value");
      // NaN never compares as a number; only `!=` holds for it (IEEE semantics).
      const test =
        clause.comparator === "!="
          ? sql`(m.is_nan = 1 OR ${compareNumber(value, clause)})`
          : sql`(m.is_nan = 0 AND ${compareNumber(value, clause)})`;
      return sql`EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.id AND m.key = ${clause.key} AND ${test})`;
    }
    case "parameter":
      return sql`EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.id AND p.key = ${clause.key} AND ${compareString(d, sql.ref("p.value"), clause)})`;
    case "tag":
      return sql`EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.id AND t.key = ${clause.key} AND ${compareString(d, sql.ref("t.value"), clause)})`;
    case "attribute": {
      const attribute = runAttribute(clause.key);
      const column = sql.ref(`r.${attribute.column}`);
      return attribute.numeric ? compareNumber(column, clause) : compareString(d, column, clause);
    }
    case "dataset":
      return datasetFilterSql(d, clause);
    default:
      throw MlflowError.invalidParameter(`Invalid search expression type '${String(clause.type)}'`);
  }
}

function datasetFilterSql(d: SqlDialectName, clause: FilterClause): Sql {
  const linked = sql`i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id = r.run_uuid`;
  if (clause.key === "name" || clause.key === "digest") {
    const test = compareString(d, sql.ref(`ds.${clause.key}`), clause);
    return sql`EXISTS (SELECT 1 FROM inputs i JOIN datasets ds ON ds.dataset_uuid = i.source_id WHERE ${linked} AND ${test})`;
  }
  if (clause.key === "context") {
    const test = compareString(d, sql.ref("it.value"), clause);
    return sql`EXISTS (SELECT 1 FROM inputs i JOIN input_tags it ON it.input_uuid = i.input_uuid WHERE ${linked} AND it.name = ${DATASET_CONTEXT_TAG} AND ${test})`;
  }
  throw MlflowError.invalidParameter(
    `Invalid dataset key '${clause.key}' specified. Valid keys are name, digest, context`,
  );
}

function orderSql(orderBy: readonly OrderByClause[]): { joins: Sql[]; orders: Sql[] } {
  const joins: Sql[] = [];
  const orders: Sql[] = [];
  const seen = new Set<string>();
  let startTimeOrdered = false;
  orderBy.forEach((clause, i) => {
    const key = clause.type === "attribute" ? canonicalRunAttribute(clause.key) : clause.key;
    const id = `${clause.type}:${key}`;
    if (seen.has(id)) throw MlflowError.invalidParameter(`order_by contains duplicate fields: ${clause.type}.${clause.key}`);
    seen.add(id);
    const direction = sql.raw(clause.ascending ? "ASC" : "DESC");
    const alias = `o${i}`;
    switch (clause.type) {
      case "attribute": {
        const column = sql.ref(`r.${runAttribute(key).column}`);
        if (key === "start_time") startTimeOrdered = true;
        orders.push(sql`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, sql`${column} ${direction}`);
        return;
      }
      case "metric": {
        joins.push(sql`LEFT JOIN latest_metrics ${sql.raw(alias)} ON ${sql.raw(alias)}.run_id = r.id AND ${sql.raw(alias)}.key = ${key}`);
        const value = sql.ref(`${alias}.value`);
        orders.push(
          sql`CASE WHEN ${sql.ref(`${alias}.is_nan`)} = 1 THEN 1 WHEN ${value} IS NULL THEN 2 ELSE 0 END`,
          sql`${value} ${direction}`,
        );
        return;
      }
      case "parameter":
      case "tag": {
        const table = sql.raw(clause.type === "parameter" ? "params" : "tags");
        joins.push(sql`LEFT JOIN ${table} ${sql.raw(alias)} ON ${sql.raw(alias)}.run_id = r.id AND ${sql.raw(alias)}.key = ${key}`);
        const value = sql.ref(`${alias}.value`);
        orders.push(sql`CASE WHEN ${value} IS NULL THEN 1 ELSE 0 END`, sql`${value} ${direction}`);
        return;
      }
      default:
        throw MlflowError.invalidParameter(`Invalid order_by entity type '${clause.type}'`);
    }
  });
  if (!startTimeOrdered) orders.push(sql`r.start_time DESC`);
  orders.push(sql`r.run_uuid ASC`);
  return { joins, orders };
}
