import type { Metric } from "@sextant/protocol";
import type { MetricHistoryQuery, Page } from "../tracking-store.js";
import { decodeMetricValue } from "./metric-encoding.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { defineStatement, type SqlSession } from "./sql-session.js";

const ORDERED_SLICE =
  "SELECT m.timestamp, m.step, m.value, m.is_nan FROM metrics m " +
  "WHERE m.run_id = (SELECT id FROM runs WHERE run_uuid = ?) AND m.key = ? " +
  "ORDER BY m.timestamp, m.step, m.value, m.is_nan LIMIT ? OFFSET ?";

const HISTORY_ROWS = defineStatement(ORDERED_SLICE);

/**
 * SQLite: the slice as ONE JSON text `[ts,step,value, ts,step,value, ...]` (NaN as null) built
 * in C, because handing 100,000 rows to JS cell by cell costs more than parsing one string.
 * json_quote keeps doubles exact and writes ±Infinity as ±9e999, which JSON.parse reads back
 * as ±Infinity.
 */
const HISTORY_FLAT_JSON = defineStatement(
  "SELECT '[' || group_concat(timestamp || ',' || step || ',' || " +
    "CASE WHEN is_nan = 0 THEN json_quote(value) ELSE 'null' END, ',') || ']' " +
    `FROM (${ORDERED_SLICE})`,
);

/**
 * Every logged value of one metric of one run in MLflow's order (timestamp, step, value),
 * read straight off the metrics primary key. Paged when `maxResults` is given (offset
 * tokens; INVALID_PARAMETER_VALUE for a malformed one). A run or key with no values gives an
 * empty page, as MLflow's SQL store does.
 */
export async function readMetricHistory(session: SqlSession, query: MetricHistoryQuery): Promise<Page<Metric>> {
  const offset = decodePageToken(query.pageToken);
  const limit = query.maxResults === undefined ? Number.MAX_SAFE_INTEGER : query.maxResults + 1;
  const params = [query.runId, query.metricKey, limit, offset];
  const items =
    session.dialect === "sqlite"
      ? await readFlat(session, query.metricKey, params)
      : await readRows(session, query.metricKey, params);
  if (query.maxResults !== undefined && items.length > query.maxResults) {
    items.length = query.maxResults;
    return { items, nextPageToken: encodePageToken(offset + query.maxResults) };
  }
  return { items };
}

async function readRows(session: SqlSession, key: string, params: (string | number)[]): Promise<Metric[]> {
  const rows = await session.rows(HISTORY_ROWS, params);
  const items: Metric[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    items[i] = {
      key,
      value: decodeMetricValue(row[2] as number, row[3] as number),
      timestamp: row[0] as number,
      step: row[1] as number,
    };
  }
  return items;
}

async function readFlat(session: SqlSession, key: string, params: (string | number)[]): Promise<Metric[]> {
  const [[text]] = (await session.rows(HISTORY_FLAT_JSON, params)) as [[string | null]];
  if (text === null) return [];
  const flat = JSON.parse(text) as (number | null)[];
  const items: Metric[] = new Array(flat.length / 3);
  let ordered = true;
  for (let i = 0, j = 0; j < flat.length; i++, j += 3) {
    const value = flat[j + 2];
    items[i] = { key, value: value ?? Number.NaN, timestamp: flat[j]!, step: flat[j + 1]! };
    if (ordered && i > 0 && compareHistory(items[i - 1]!, items[i]!) > 0) ordered = false;
  }
  // group_concat follows the ordered subquery in practice; never return misordered values if not.
  if (!ordered) items.sort(compareHistory);
  return items;
}

function compareHistory(a: Metric, b: Metric): number {
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  if (a.step !== b.step) return a.step - b.step;
  const av = Number.isNaN(a.value) ? 0 : a.value;
  const bv = Number.isNaN(b.value) ? 0 : b.value;
  return av < bv ? -1 : av > bv ? 1 : 0;
}
