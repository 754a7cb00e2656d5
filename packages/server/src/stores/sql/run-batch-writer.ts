import { MlflowError, type Param, type RunTag } from "@sextant/protocol";
import type { RunBatch } from "../tracking-store.js";
import { inList, listValue } from "./list-param.js";
import { encodeMetric } from "./metric-encoding.js";
import { MetricWriter } from "./metric-writer.js";
import { MultiRowInsert } from "./multi-row-insert.js";
import { pythonReprDicts } from "./python-repr.js";
import { defineStatement, type SqlDialectName, type SqlSession, type Stmt } from "./sql-session.js";

/** The tag MLflow mirrors into the run's name. */
export const RUN_NAME_TAG = "mlflow.runName";

const SET_RUN_NAME = defineStatement("UPDATE runs SET name = ? WHERE id = ?");

/**
 * Writes one log-batch into the caller's transaction, in MLflow's order: params, metrics,
 * tags. A param that already holds another value fails the whole batch with MLflow's
 * INVALID_PARAMETER_VALUE message; tags are upserted (last value of a key wins); the
 * `mlflow.runName` tag also renames the run.
 */
export class RunBatchWriter {
  readonly #metrics: MetricWriter;
  readonly #params = new MultiRowInsert("INSERT INTO params (run_id, key, value)", 3, "ON CONFLICT (run_id, key) DO NOTHING");
  readonly #tags = new MultiRowInsert(
    "INSERT INTO tags (run_id, key, value)",
    3,
    "ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
  );
  readonly #dialect: SqlDialectName;
  readonly #paramsByKeys: Stmt;

  constructor(dialect: SqlDialectName) {
    this.#dialect = dialect;
    this.#metrics = new MetricWriter(dialect);
    this.#paramsByKeys = defineStatement(`SELECT key, value FROM params WHERE run_id = ? AND ${inList(dialect, "key")}`);
  }

  async write(session: SqlSession, runKey: number, runUuid: string, batch: RunBatch): Promise<void> {
    if (batch.params.length > 0) await this.#writeParams(session, runKey, runUuid, batch.params);
    if (batch.metrics.length > 0) await this.#metrics.write(session, runKey, batch.metrics.map(encodeMetric));
    if (batch.tags.length > 0) await this.writeTags(session, runKey, batch.tags);
  }

  /** Upserts tags (deduplicated by key, last wins, written in key order). */
  async writeTags(session: SqlSession, runKey: number, tags: readonly RunTag[]): Promise<void> {
    const byKey = new Map<string, string>();
    for (const tag of tags) byKey.set(tag.key, tag.value);
    const keys = [...byKey.keys()].sort();
    await this.#tags.run(
      session,
      keys.map((key) => [runKey, key, byKey.get(key)!]),
    );
    const runName = byKey.get(RUN_NAME_TAG);
    if (runName !== undefined) await session.run(SET_RUN_NAME, [runName, runKey]);
  }

  async #writeParams(session: SqlSession, runKey: number, runUuid: string, params: readonly Param[]): Promise<void> {
    const wanted = new Map<string, string>();
    for (const p of params) if (!wanted.has(p.key)) wanted.set(p.key, p.value);
    const keys = [...wanted.keys()].sort();
    await this.#params.run(
      session,
      keys.map((key) => [runKey, key, wanted.get(key)!]),
    );
    const stored = await session.all<{ key: string; value: string }>(this.#paramsByKeys, [
      runKey,
      listValue(this.#dialect, keys),
    ]);
    const conflicts = stored
      .filter((row) => wanted.get(row.key) !== row.value)
      .map((row) => ({ key: row.key, old_value: row.value, new_value: wanted.get(row.key)! }));
    if (conflicts.length > 0) {
      // Order as the caller sent them, like MLflow's message.
      const position = new Map(params.map((p, i) => [p.key, i]));
      conflicts.sort((a, b) => position.get(a.key)! - position.get(b.key)!);
      throw MlflowError.invalidParameter(
        `Changing param values is not allowed. Params were already logged='${pythonReprDicts(conflicts)}' for run ID='${runUuid}'.`,
      );
    }
  }
}
