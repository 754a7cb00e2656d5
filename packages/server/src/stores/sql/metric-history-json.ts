import type { MetricHistoryJson, MetricHistoryQuery } from "../tracking-store.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { defineStatement, type SqlSession } from "./sql-session.js";

const HISTORY_ORDER = "timestamp, step, value, is_nan";
const SLICE =
  "SELECT timestamp, step, value, is_nan FROM metrics " +
  "WHERE run_id = (SELECT id FROM runs WHERE run_uuid = ?) AND key = ? " +
  `ORDER BY ${HISTORY_ORDER} LIMIT ? OFFSET ?`;

/** `,"timestamp":<int>,"step":<int>}`: int64 columns concatenate as exact decimal text. */
const TAIL = `',"timestamp":' || timestamp || ',"step":' || step || '}'`;

/**
 * SQLite: one wire-JSON text for the whole slice, built in C. The first parameter is the
 * `{"key":<key>,"value":` prefix (encoded once in JS). A finite REAL cast to TEXT is SQLite's
 * round-trip form (`0.1`, `0.33333333333333331`, `5.0`, `1.0e+21`: all valid JSON numbers
 * that parse back to the same double); NaN (stored as is_nan) and ±Infinity become the
 * protobuf-JSON strings. group_concat consumes the ordered subquery in its order (a LIMIT
 * subquery is never flattened into an aggregate); metric-history-json.test.ts pins this
 * with shuffled inserts, since an aggregate ORDER BY would cost a sort of every row.
 */
const SQLITE_HISTORY_JSON = defineStatement(
  "SELECT count(*), group_concat(? || CASE WHEN is_nan <> 0 THEN '\"NaN\"' " +
    "WHEN value = 9e999 THEN '\"Infinity\"' WHEN value = -9e999 THEN '\"-Infinity\"' " +
    `ELSE CAST(value AS TEXT) END || ${TAIL}, ',') FROM (${SLICE})`,
);

/**
 * PostgreSQL: the same text from string_agg with an explicit ORDER BY (PostgreSQL documents
 * subquery order only as "usually" kept). float8 text is the shortest exact form (PostgreSQL
 * 12+ default extra_float_digits=1), as JSON numbers.
 */
const POSTGRES_HISTORY_JSON = defineStatement(
  "SELECT count(*), string_agg(?::text || CASE WHEN is_nan <> 0 THEN '\"NaN\"' " +
    "WHEN value = 'Infinity'::float8 THEN '\"Infinity\"' WHEN value = '-Infinity'::float8 THEN '\"-Infinity\"' " +
    `ELSE value::text END || ${TAIL}, ',' ORDER BY ${HISTORY_ORDER}) FROM (${SLICE}) AS slice`,
);

/** Where one encoded metric ends and the next begins: a `"` never appears unescaped in a key. */
const ELEMENT_BOUNDARY = ',{"key":';

/**
 * The page `readMetricHistory` would return, encoded by the database as MLflow's wire JSON
 * (`[{"key","value","timestamp","step"}, ...]`, NaN/±Infinity as strings), so a 100,000-point
 * history costs one string instead of 100,000 objects serialised again. Same order, paging
 * and offset tokens; INVALID_PARAMETER_VALUE for a malformed token.
 */
export async function readMetricHistoryJson(session: SqlSession, query: MetricHistoryQuery): Promise<MetricHistoryJson> {
  const offset = decodePageToken(query.pageToken);
  const limit = query.maxResults === undefined ? Number.MAX_SAFE_INTEGER : query.maxResults + 1;
  const statement = session.dialect === "sqlite" ? SQLITE_HISTORY_JSON : POSTGRES_HISTORY_JSON;
  const prefix = `{"key":${JSON.stringify(query.metricKey)},"value":`;
  const [row] = await session.rows(statement, [prefix, query.runId, query.metricKey, limit, offset]);
  const count = Number(row?.[0] ?? 0);
  const text = (row?.[1] ?? null) as string | null;
  if (count === 0 || text === null) return { metricsJson: "[]", count: 0 };
  if (query.maxResults !== undefined && count > query.maxResults) {
    // One row more than asked for was read to learn that another page exists; drop it.
    const cut = text.lastIndexOf(ELEMENT_BOUNDARY);
    return {
      metricsJson: `[${text.slice(0, cut)}]`,
      count: query.maxResults,
      nextPageToken: encodePageToken(offset + query.maxResults),
    };
  }
  return { metricsJson: `[${text}]`, count };
}
