import { type Experiment, MlflowError } from "@sextant/protocol";
import { type RawBuilder, sql } from "kysely";
import type { FilterClause, OrderByClause } from "../../search/search-types.js";
import type { Page, SearchExperimentsQuery } from "../tracking-store.js";
import { compareNumber, compareString } from "./compare-sql.js";
import { EXPERIMENT_COLUMNS, type ExperimentQueries, type ExperimentRow } from "./experiments.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { stagesOf } from "./search-runs.js";
import type { SqlDatabase, SqlDialectName, SqlValue } from "./sql-session.js";

type Sql = RawBuilder<unknown>;

const STRING_ATTRIBUTES: ReadonlySet<string> = new Set(["name"]);
const NUMERIC_ATTRIBUTES: ReadonlySet<string> = new Set(["creation_time", "last_update_time"]);
const ORDER_ATTRIBUTES: ReadonlySet<string> = new Set(["name", "experiment_id", "creation_time", "last_update_time"]);
const DEFAULT_ORDER: readonly OrderByClause[] = [
  { type: "attribute", key: "creation_time", ascending: false },
  { type: "attribute", key: "experiment_id", ascending: true },
];

/**
 * MLflow's experiment search: attributes `name` (=, !=, LIKE, ILIKE, IN, NOT IN),
 * `creation_time` / `last_update_time` (numeric), `tags.<key>`; order by name, experiment_id,
 * creation_time, last_update_time (default creation_time DESC, experiment_id ASC; otherwise
 * experiment_id DESC breaks ties, as MLflow). Throws INVALID_PARAMETER_VALUE for an
 * unusable clause or page token.
 */
export async function searchExperiments(
  db: SqlDatabase,
  experiments: ExperimentQueries,
  query: SearchExperimentsQuery,
): Promise<Page<Experiment>> {
  const offset = decodePageToken(query.pageToken);
  if (query.maxResults <= 0) return { items: [] };
  const where: Sql[] = [];
  const stages = stagesOf(query.viewType);
  if (stages) where.push(sql`e.lifecycle_stage = ${stages[0]!}`);
  for (const clause of query.filter) where.push(filterSql(db.dialect, clause));
  const condition = where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const compiled = sql`SELECT ${sql.raw(EXPERIMENT_COLUMNS.split(", ").map((c) => `e.${c}`).join(", "))} FROM experiments e ${condition} ORDER BY ${sql.join(orderSql(query.orderBy))} LIMIT ${query.maxResults + 1} OFFSET ${offset}`.compile(
    db.kysely,
  );
  const rows = await db.all<ExperimentRow>(compiled.sql, compiled.parameters as readonly SqlValue[]);
  const items = await experiments.withTags(db, rows.slice(0, query.maxResults));
  return rows.length > query.maxResults ? { items, nextPageToken: encodePageToken(offset + query.maxResults) } : { items };
}

function filterSql(d: SqlDialectName, clause: FilterClause): Sql {
  if (clause.type === "attribute") {
    const column = sql.ref(`e.${clause.key}`);
    if (STRING_ATTRIBUTES.has(clause.key)) return compareString(d, column, clause);
    if (NUMERIC_ATTRIBUTES.has(clause.key)) return compareNumber(column, clause);
    throw MlflowError.invalidParameter(
      `Invalid attribute key '${clause.key}' specified. Valid keys are name, creation_time, last_update_time`,
    );
  }
  if (clause.type === "tag") {
    const test = compareString(d, sql.ref("t.value"), clause);
    return sql`EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ${clause.key} AND ${test})`;
  }
  throw MlflowError.invalidParameter(`Invalid token type: ${clause.type}`);
}

function orderSql(orderBy: readonly OrderByClause[]): Sql[] {
  const clauses = orderBy.length > 0 ? orderBy : DEFAULT_ORDER;
  const orders: Sql[] = [];
  for (const clause of clauses) {
    if (clause.type !== "attribute" || !ORDER_ATTRIBUTES.has(clause.key)) {
      throw MlflowError.invalidParameter(
        `Invalid order_by key '${clause.key}'. Experiments can be ordered by name, experiment_id, creation_time, last_update_time`,
      );
    }
    orders.push(sql`${sql.ref(`e.${clause.key}`)} ${sql.raw(clause.ascending ? "ASC" : "DESC")}`);
  }
  if (!clauses.some((c) => c.key === "experiment_id")) orders.push(sql`e.experiment_id DESC`);
  return orders;
}
