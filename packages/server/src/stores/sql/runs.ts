import { randomUUID } from "node:crypto";
import { type LifecycleStage, MlflowError, type Run, type RunInfo, type RunTag } from "@sextant/protocol";
import type { CreateRunInput, RunBatch, UpdateRunInput } from "../tracking-store.js";
import { appendUriPath } from "./artifact-uri.js";
import { parseExperimentId } from "./experiments.js";
import { encodeMetric } from "./metric-encoding.js";
import { GROUPED_WRITE_MAX_METRICS, PostgresMetricGroups } from "./postgres-metric-groups.js";
import { RUN_NAME_TAG, RunBatchWriter } from "./run-batch-writer.js";
import { RunLoader } from "./run-loader.js";
import { runNotActive, runNotFound } from "./run-errors.js";
import { RUN_COLUMNS, type RunRow, runInfoOf } from "./run-row.js";
import { defineStatement, type SqlDatabase, type SqlSession } from "./sql-session.js";

const ARTIFACTS_FOLDER = "artifacts";

const EXPERIMENT_LOCATION = defineStatement("SELECT artifact_location FROM experiments WHERE experiment_id = ?");
const INSERT = defineStatement(
  "INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri, deleted_time) " +
    "VALUES (?, ?, ?, ?, 'RUNNING', ?, NULL, 'active', ?, NULL) RETURNING id",
);
const BY_UUID = defineStatement(`SELECT ${RUN_COLUMNS.join(", ")} FROM runs WHERE run_uuid = ?`);
const KEY_BY_UUID = defineStatement("SELECT id FROM runs WHERE run_uuid = ?");
const KEY_AND_STAGE_BY_UUID = defineStatement("SELECT id, lifecycle_stage FROM runs WHERE run_uuid = ?");
const UPDATE = defineStatement(
  "UPDATE runs SET status = COALESCE(?, status), end_time = COALESCE(?, end_time), name = COALESCE(?, name) WHERE id = ?",
);
const SET_STAGE = defineStatement("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?");
const DELETE_TAG = defineStatement("DELETE FROM tags WHERE run_id = ? AND key = ?");

export { runNotActive, runNotFound };

/** Run SQL (one aggregate: a run with its params, tags and metrics). */
export class RunQueries {
  readonly #db: SqlDatabase;
  readonly #writer: RunBatchWriter;
  readonly #loader: RunLoader;
  /** PostgreSQL only: small metrics-only writes share statements (SQLite groups every write its own way). */
  readonly #metricGroups: PostgresMetricGroups | undefined;

  constructor(db: SqlDatabase) {
    this.#db = db;
    this.#writer = new RunBatchWriter(db.dialect);
    this.#loader = new RunLoader(db.dialect);
    this.#metricGroups = db.dialect === "postgres" ? new PostgresMetricGroups(db) : undefined;
  }

  get loader(): RunLoader {
    return this.#loader;
  }

  /**
   * Creates a RUNNING run under `<experiment artifact location>/<run id>/artifacts`. The run's
   * name is `runName`, else the `mlflow.runName` tag; the tag is added when missing (as MLflow).
   */
  async create(input: CreateRunInput): Promise<Run> {
    const experimentKey = parseExperimentId(input.experimentId);
    const runUuid = randomUUID().replaceAll("-", "");
    const nameTag = input.tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    const name = input.runName || nameTag || "";
    const tags: RunTag[] = [...input.tags];
    if (nameTag === undefined && name !== "") tags.push({ key: RUN_NAME_TAG, value: name });
    const row = await this.#db.transaction(async (s) => {
      const [experiment] =
        experimentKey === undefined
          ? []
          : await s.all<{ artifact_location: string }>(EXPERIMENT_LOCATION, [experimentKey]);
      if (!experiment) throw MlflowError.notFound(`No Experiment with id=${input.experimentId} exists`);
      const artifactUri = appendUriPath(experiment.artifact_location, runUuid, ARTIFACTS_FOLDER);
      const [inserted] = await s.all<{ id: number }>(INSERT, [
        runUuid,
        name,
        experimentKey!,
        input.userId,
        input.startTime,
        artifactUri,
      ]);
      const id = inserted!.id;
      if (tags.length > 0) await this.#writer.writeTags(s, id, tags);
      const created: RunRow = {
        id,
        run_uuid: runUuid,
        name: tags.findLast((t) => t.key === RUN_NAME_TAG)?.value ?? name,
        experiment_id: experimentKey!,
        user_id: input.userId,
        status: "RUNNING",
        start_time: input.startTime,
        end_time: null,
        lifecycle_stage: "active",
        artifact_uri: artifactUri,
      };
      return created;
    });
    const byKey = new Map(tags.map((t) => [t.key, t.value]));
    return {
      info: runInfoOf(row),
      data: {
        metrics: [],
        params: [],
        tags: [...byKey.keys()].sort().map((key) => ({ key, value: byKey.get(key)! })),
      },
      inputs: { dataset_inputs: [] },
    };
  }

  /** Just the RunInfo (one indexed lookup): what a service needs to check lifecycle_stage. */
  async getInfo(runId: string): Promise<RunInfo> {
    return runInfoOf(await this.#row(this.#db, runId));
  }

  async get(runId: string, session: SqlSession = this.#db): Promise<Run> {
    const row = await this.#row(session, runId);
    return (await this.#loader.load(session, [row]))[0]!;
  }

  async update(runId: string, update: UpdateRunInput): Promise<Run> {
    return this.#db.transaction(async (s) => {
      const key = await this.#key(s, runId);
      const name = update.runName ? update.runName : null;
      await s.run(UPDATE, [update.status ?? null, update.endTime ?? null, name, key]);
      if (name !== null) await this.#writer.writeTags(s, key, [{ key: RUN_NAME_TAG, value: name }]);
      return this.get(runId, s);
    });
  }

  async setLifecycle(runId: string, stage: LifecycleStage, now: number): Promise<void> {
    const changed = await this.#db.run(SET_STAGE, [stage, stage === "deleted" ? now : null, runId]);
    if (changed === 0) throw runNotFound(runId);
  }

  async deleteTag(runId: string, tagKey: string): Promise<void> {
    await this.#db.transaction(async (s) => {
      const key = await this.#key(s, runId);
      if ((await s.run(DELETE_TAG, [key, tagKey])) === 0) {
        throw MlflowError.notFound(`No tag with name: ${tagKey} in run with id ${runId}`);
      }
    });
  }

  /**
   * All or nothing: everything in the batch is written, or nothing is. Batches arriving
   * together may share one commit (group commit), each still atomic on its own. The run must
   * be active; that is read in the write's own transaction (no separate lookup, no window in
   * which a delete could slip between check and write).
   */
  async logBatch(runId: string, batch: RunBatch): Promise<void> {
    if (batch.params.length === 0 && batch.tags.length === 0) {
      if (batch.metrics.length === 0) {
        await this.#activeKey(this.#db, runId);
        return;
      }
      if (this.#metricGroups && batch.metrics.length <= GROUPED_WRITE_MAX_METRICS) {
        return this.#metricGroups.write(runId, batch.metrics.map(encodeMetric));
      }
    }
    await this.#db.groupedTransaction(async (s) => {
      await this.#writer.write(s, await this.#activeKey(s, runId), runId, batch);
    });
  }

  async #row(session: SqlSession, runId: string): Promise<RunRow> {
    const [row] = await session.all<RunRow>(BY_UUID, [runId]);
    if (!row) throw runNotFound(runId);
    return row;
  }

  async #activeKey(session: SqlSession, runId: string): Promise<number> {
    const [row] = await session.rows(KEY_AND_STAGE_BY_UUID, [runId]);
    if (!row) throw runNotFound(runId);
    if (row[1] !== "active") throw runNotActive(runId, String(row[1]));
    return row[0] as number;
  }

  async #key(session: SqlSession, runId: string): Promise<number> {
    const [row] = await session.all<{ id: number }>(KEY_BY_UUID, [runId]);
    if (!row) throw runNotFound(runId);
    return row.id;
  }
}
