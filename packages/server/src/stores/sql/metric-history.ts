import type { Metric } from "@sextant/protocol";
import type { MetricHistoryQuery, Page } from "../tracking-store.js";
import { decodeMetricValue } from "./metric-encoding.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { defineStatement, type SqlSession } from "./sql-session.js";

const HISTORY = defineStatement(
  "SELECT m.timestamp, m.step, m.value, m.is_nan FROM metrics m " +
    "WHERE m.run_id = (SELECT id FROM runs WHERE run_uuid = ?) AND m.key = ? " +
    "ORDER BY m.timestamp, m.step, m.value, m.is_nan LIMIT ? OFFSET ?",
);

/**
 * Every logged value of one metric of one run in MLflow's order (timestamp, step, value),
 * read straight off the metrics primary key as row arrays. Paged when `maxResults` is given
 * (offset tokens, INVALID_PARAMETER_VALUE for a malformed one). A run or key with no values
 * gives an empty page, as MLflow's SQL store does.
 */
export async function readMetricHistory(session: SqlSession, query: MetricHistoryQuery): Promise<Page<Metric>> {
  const offset = decodePageToken(query.pageToken);
  const limit = query.maxResults === undefined ? Number.MAX_SAFE_INTEGER : query.maxResults + 1;
  const rows = await session.rows(HISTORY, [query.runId, query.metricKey, limit, offset]);
  const key = query.metricKey;
  const count = query.maxResults === undefined ? rows.length : Math.min(rows.length, query.maxResults);
  const items: Metric[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    items[i] = {
      key,
      value: decodeMetricValue(row[2] as number, row[3] as number),
      timestamp: row[0] as number,
      step: row[1] as number,
    };
  }
  return query.maxResults !== undefined && rows.length > query.maxResults
    ? { items, nextPageToken: encodePageToken(offset + query.maxResults) }
    : { items };
}
