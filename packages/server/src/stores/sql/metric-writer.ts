import { type StoredMetric, isLater } from "./metric-encoding.js";
import { MultiRowInsert } from "./multi-row-insert.js";
import { defineStatement, type SqlDialectName, type SqlSession, type SqlValue } from "./sql-session.js";

const COLUMNS = "(run_id, key, timestamp, step, value, is_nan)";
/** The upsert tail that keeps latest_metrics at MLflow's latest value (largest step, timestamp, value). */
export const LATEST_RULE =
  "ON CONFLICT (run_id, key) DO UPDATE SET timestamp = excluded.timestamp, step = excluded.step, " +
  "value = excluded.value, is_nan = excluded.is_nan " +
  "WHERE (excluded.step, excluded.timestamp, excluded.value) > " +
  "(latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)";
const UNNEST =
  "SELECT ?::bigint, u.k, u.t, u.s, u.v, u.n FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::float8[], ?::smallint[]) AS u(k, t, s, v, n)";

const PG_HISTORY = defineStatement(`INSERT INTO metrics ${COLUMNS} ${UNNEST} ON CONFLICT DO NOTHING`);
const PG_LATEST = defineStatement(`INSERT INTO latest_metrics ${COLUMNS} ${UNNEST} ${LATEST_RULE}`);

/**
 * Writes metric history and keeps latest_metrics current, inside the caller's transaction.
 * Exact duplicates (run, key, timestamp, step, value) are stored once. The latest row per key
 * is reduced in memory first, then upserted once with MLflow's rule enforced in SQL, so
 * concurrent writers on PostgreSQL cannot regress it. Rows are written in key order so
 * concurrent transactions take row locks in the same order (no deadlocks).
 */
export class MetricWriter {
  readonly #dialect: SqlDialectName;
  readonly #history = new MultiRowInsert(`INSERT INTO metrics ${COLUMNS}`, 6, "ON CONFLICT DO NOTHING");
  readonly #latest = new MultiRowInsert(`INSERT INTO latest_metrics ${COLUMNS}`, 6, LATEST_RULE);

  constructor(dialect: SqlDialectName) {
    this.#dialect = dialect;
  }

  async write(session: SqlSession, runKey: number, metrics: readonly StoredMetric[]): Promise<void> {
    if (metrics.length === 0) return;
    const latest = latestPerKey(metrics);
    if (this.#dialect === "postgres") {
      const ordered = metrics.length > 1 ? [...metrics].sort(byKeyThenPosition) : metrics;
      await session.run(PG_HISTORY, unnestParams(runKey, ordered));
      await session.run(PG_LATEST, unnestParams(runKey, latest));
      return;
    }
    await this.#history.run(session, metrics.map((m) => rowOf(runKey, m)));
    await this.#latest.run(session, latest.map((m) => rowOf(runKey, m)));
  }
}

function rowOf(runKey: number, m: StoredMetric): SqlValue[] {
  return [runKey, m.key, m.timestamp, m.step, m.value, m.isNan];
}

function unnestParams(runKey: number, metrics: readonly StoredMetric[]): SqlValue[] {
  return [
    runKey,
    metrics.map((m) => m.key),
    metrics.map((m) => m.timestamp),
    metrics.map((m) => m.step),
    metrics.map((m) => m.value),
    metrics.map((m) => m.isNan),
  ];
}

function byKeyThenPosition(a: StoredMetric, b: StoredMetric): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  if (a.step !== b.step) return a.step - b.step;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : a.isNan - b.isNan;
}

/** The latest metric of each key in the batch, in key order. */
function latestPerKey(metrics: readonly StoredMetric[]): StoredMetric[] {
  if (metrics.length === 1) return [metrics[0]!];
  const byKey = new Map<string, StoredMetric>();
  for (const m of metrics) {
    const seen = byKey.get(m.key);
    if (!seen || isLater(m, seen)) byKey.set(m.key, m);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
