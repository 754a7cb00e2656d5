import { isLater, type StoredMetric } from "./metric-encoding.js";
import { LATEST_RULE } from "./metric-writer.js";
import { runNotActive, runNotFound } from "./run-errors.js";
import { defineStatement, type SqlSession, type SqlValue } from "./sql-session.js";

/**
 * Writes of at most this many metrics are grouped. Larger batches already spread one commit
 * over many rows and keep their own transaction, so several of them run in parallel.
 */
export const GROUPED_WRITE_MAX_METRICS = 100;
/** A group closes at this many metrics (arrays of this length bind as 13 parameters). */
const GROUP_METRICS = 5_000;
/** At most this many group statements run at once (one executes while another commits). */
const IN_FLIGHT = 2;
/** A deadlock (40P01) rolls the whole statement back; it is retried this many times. */
const DEADLOCK_RETRIES = 2;

const COLUMNS = "(run_id, key, timestamp, step, value, is_nan)";
const ROWS = "unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::float8[], ?::smallint[]) AS u(r, k, t, s, v, n)";

/**
 * One statement (so one commit) for every metric of a group: the runs are read once, rows of
 * runs that are missing or not active are dropped by the join, history rows are inserted
 * (exact duplicates once) and latest_metrics is upserted with MLflow's rule, both in
 * (run, key, ...) order so concurrent groups take row locks in the same order.
 */
const GROUP_WRITE = defineStatement(
  "WITH target AS (SELECT id, run_uuid, lifecycle_stage FROM runs WHERE run_uuid = ANY(?::text[])), " +
    `history AS (INSERT INTO metrics ${COLUMNS} SELECT t.id, u.k, u.t, u.s, u.v, u.n FROM ${ROWS} ` +
    "JOIN target t ON t.run_uuid = u.r AND t.lifecycle_stage = 'active' ORDER BY t.id, u.k, u.t, u.s, u.v, u.n " +
    "ON CONFLICT DO NOTHING), " +
    `latest AS (INSERT INTO latest_metrics ${COLUMNS} SELECT t.id, u.k, u.t, u.s, u.v, u.n FROM ${ROWS} ` +
    `JOIN target t ON t.run_uuid = u.r AND t.lifecycle_stage = 'active' ORDER BY t.id, u.k ${LATEST_RULE}) ` +
    "SELECT run_uuid, lifecycle_stage FROM target",
);

interface Piece {
  readonly runUuid: string;
  readonly metrics: readonly StoredMetric[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Columns {
  readonly runs: string[];
  readonly keys: string[];
  readonly timestamps: number[];
  readonly steps: number[];
  readonly values: number[];
  readonly nans: number[];
}

function columnsOf(rows: readonly (readonly [string, StoredMetric])[]): Columns {
  const c: Columns = { runs: [], keys: [], timestamps: [], steps: [], values: [], nans: [] };
  for (const [run, m] of rows) {
    c.runs.push(run);
    c.keys.push(m.key);
    c.timestamps.push(m.timestamp);
    c.steps.push(m.step);
    c.values.push(m.value);
    c.nans.push(m.isNan);
  }
  return c;
}

const asParams = (c: Columns): SqlValue[] => [c.runs, c.keys, c.timestamps, c.steps, c.values, c.nans];

/**
 * Group commit for small metrics-only writes on PostgreSQL (log-metric, small metrics-only
 * log-batch: at most GROUPED_WRITE_MAX_METRICS).
 * Writes submitted while earlier groups are in flight wait and then go together as ONE
 * autocommit statement, so a hot row (every writer of a run upserts the same latest_metrics
 * row, which stays locked until commit) is locked once per group instead of once per request,
 * and one WAL flush covers the group. Each write is still all or nothing (the statement is),
 * resolves only after the commit, and fails alone when its run is missing
 * (RESOURCE_DOES_NOT_EXIST) or not active (INVALID_PARAMETER_VALUE); a database error fails
 * the whole group, which wrote nothing.
 */
export class PostgresMetricGroups {
  readonly #session: SqlSession;
  readonly #queue: Piece[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(session: SqlSession) {
    this.#session = session;
  }

  write(runUuid: string, metrics: readonly StoredMetric[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ runUuid, metrics, resolve, reject });
      this.#schedule();
    });
  }

  /** Starts a group on the next turn of the event loop, so writes arriving together share it. */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= IN_FLIGHT || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#runGroup();
    });
  }

  async #runGroup(): Promise<void> {
    const group = this.#take();
    if (group.length === 0) return;
    this.#inFlight++;
    this.#schedule();
    try {
      const stages = await this.#writeGroup(group);
      for (const piece of group) {
        const stage = stages.get(piece.runUuid);
        if (stage === undefined) piece.reject(runNotFound(piece.runUuid));
        else if (stage !== "active") piece.reject(runNotActive(piece.runUuid, stage));
        else piece.resolve();
      }
    } catch (error) {
      for (const piece of group) piece.reject(error);
    } finally {
      this.#inFlight--;
      this.#schedule();
    }
  }

  /** Pieces from the front of the queue up to GROUP_METRICS metrics (always at least one). */
  #take(): Piece[] {
    let size = 0;
    let n = 0;
    while (n < this.#queue.length && (n === 0 || size + this.#queue[n]!.metrics.length <= GROUP_METRICS)) {
      size += this.#queue[n]!.metrics.length;
      n++;
    }
    return this.#queue.splice(0, n);
  }

  async #writeGroup(group: readonly Piece[]): Promise<Map<string, string>> {
    const history: [string, StoredMetric][] = [];
    const latest = new Map<string, [string, StoredMetric]>();
    for (const piece of group) {
      for (const m of piece.metrics) {
        history.push([piece.runUuid, m]);
        // One upsert per (run, key): PostgreSQL refuses to update a row twice in one statement.
        const id = `${piece.runUuid}\u0000${m.key}`;
        const seen = latest.get(id);
        if (!seen || isLater(m, seen[1])) latest.set(id, [piece.runUuid, m]);
      }
    }
    const params: SqlValue[] = [
      [...new Set(group.map((p) => p.runUuid))],
      ...asParams(columnsOf(history)),
      ...asParams(columnsOf([...latest.values()])),
    ];
    for (let attempt = 0; ; attempt++) {
      try {
        const rows = await this.#session.rows(GROUP_WRITE, params);
        return new Map(rows.map((row) => [String(row[0]), String(row[1])]));
      } catch (error) {
        const deadlock = (error as { code?: unknown } | null)?.code === "40P01";
        if (!deadlock || attempt >= DEADLOCK_RETRIES) throw error;
      }
    }
  }
}
