import type { DatasetInput, Experiment, ExperimentTag, LifecycleStage, Metric, ModelInput, Run, RunInfo } from "@sextant/protocol";
import type {
  CreateExperimentInput,
  CreateRunInput,
  MetricHistoryJson,
  MetricHistoryQuery,
  Page,
  RunBatch,
  SearchExperimentsQuery,
  SearchRunsQuery,
  TrackingStore,
  UpdateRunInput,
} from "../tracking-store.js";
import type { ModelStores } from "../model-stores.js";
import { toMlflowError } from "./db-errors.js";
import { ExperimentQueries } from "./experiments.js";
import { logRunInputs } from "./inputs.js";
import { migrateTrackingSchema } from "./migrate-tracking-schema.js";
import { readMetricHistory } from "./metric-history.js";
import { readMetricHistoryJson } from "./metric-history-json.js";
import { RunQueries } from "./runs.js";
import { searchExperiments } from "./search-experiments.js";
import { searchRuns } from "./search-runs.js";
import { SqlLoggedModelStore } from "./sql-logged-model-store.js";
import { SqlRegistryStore } from "./sql-registry-store.js";
import type { SqlDatabase } from "./sql-session.js";

/** How a SQL tracking store is opened. */
export interface SqlTrackingStoreOptions {
  /** Root under which experiments without an explicit location keep artifacts (`<root>/<id>`). */
  readonly defaultArtifactRoot: string;
  /** Clock for creation / update / deletion times (tests may pin it). */
  readonly now?: () => number;
}

/**
 * Opens the tracking store on `db`: migrates the schema to the latest version, creates the
 * "Default" experiment "0" when missing, and returns the store. Takes ownership of `db`
 * (closed by `store.close()`, or here if opening fails). INTERNAL_ERROR if migration fails.
 */
export async function openSqlTrackingStore(db: SqlDatabase, options: SqlTrackingStoreOptions): Promise<TrackingStore> {
  try {
    await migrateTrackingSchema(db);
    const store = new SqlTrackingStore(db, options);
    await store.ensureDefaultExperiment();
    return store;
  } catch (error) {
    await db.close().catch(() => {});
    throw toMlflowError(error);
  }
}

/**
 * The TrackingStore over SQL, shared by SQLite and PostgreSQL: SQL lives per aggregate
 * (experiments, runs, run-batch-writer / metric-writer, inputs, search-*, metric-history);
 * this class only routes calls and turns every driver error into an MlflowError.
 */
class SqlTrackingStore implements TrackingStore {
  readonly #db: SqlDatabase;
  readonly #root: string;
  readonly #now: () => number;
  readonly #experiments: ExperimentQueries;
  readonly #runs: RunQueries;
  #modelStores: ModelStores | undefined;

  constructor(db: SqlDatabase, options: SqlTrackingStoreOptions) {
    this.#db = db;
    this.#root = options.defaultArtifactRoot;
    this.#now = options.now ?? Date.now;
    this.#experiments = new ExperimentQueries(db);
    this.#runs = new RunQueries(db);
  }

  ensureDefaultExperiment(): Promise<void> {
    return guard(this.#experiments.ensureDefault(this.#root, this.#now()));
  }

  createExperiment(input: CreateExperimentInput): Promise<string> {
    return guard(this.#experiments.create(input, this.#root, this.#now()));
  }

  getExperiment(experimentId: string): Promise<Experiment> {
    return guard(this.#experiments.get(experimentId));
  }

  getExperimentByName(name: string): Promise<Experiment | undefined> {
    return guard(this.#experiments.getByName(name));
  }

  searchExperiments(query: SearchExperimentsQuery): Promise<Page<Experiment>> {
    return guard(searchExperiments(this.#db, this.#experiments, query));
  }

  renameExperiment(experimentId: string, newName: string): Promise<void> {
    return guard(this.#experiments.rename(experimentId, newName, this.#now()));
  }

  setExperimentLifecycle(experimentId: string, stage: LifecycleStage): Promise<void> {
    return guard(this.#experiments.setLifecycle(experimentId, stage, this.#now()));
  }

  setExperimentTag(experimentId: string, tag: ExperimentTag): Promise<void> {
    return guard(this.#experiments.setTag(experimentId, tag));
  }

  deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    return guard(this.#experiments.deleteTag(experimentId, key));
  }

  createRun(input: CreateRunInput): Promise<Run> {
    return guard(this.#runs.create(input));
  }

  getRun(runId: string): Promise<Run> {
    return guard(this.#runs.get(runId));
  }

  getRunInfo(runId: string): Promise<RunInfo> {
    return guard(this.#runs.getInfo(runId));
  }

  updateRun(runId: string, update: UpdateRunInput): Promise<Run> {
    return guard(this.#runs.update(runId, update));
  }

  setRunLifecycle(runId: string, stage: LifecycleStage): Promise<void> {
    return guard(this.#runs.setLifecycle(runId, stage, this.#now()));
  }

  logBatch(runId: string, batch: RunBatch): Promise<void> {
    return guard(this.#runs.logBatch(runId, batch));
  }

  deleteTag(runId: string, key: string): Promise<void> {
    return guard(this.#runs.deleteTag(runId, key));
  }

  logInputs(runId: string, datasets: readonly DatasetInput[], models: readonly ModelInput[] = []): Promise<void> {
    return guard(logRunInputs(this.#db, runId, datasets, models));
  }

  searchRuns(query: SearchRunsQuery): Promise<Page<Run>> {
    return guard(searchRuns(this.#db, this.#runs.loader, query));
  }

  getMetricHistory(query: MetricHistoryQuery): Promise<Page<Metric>> {
    return guard(readMetricHistory(this.#db, query));
  }

  getMetricHistoryJson(query: MetricHistoryQuery): Promise<MetricHistoryJson> {
    return guard(readMetricHistoryJson(this.#db, query));
  }

  modelStores(): ModelStores {
    this.#modelStores ??= {
      registry: new SqlRegistryStore(this.#db, this.#now),
      loggedModels: new SqlLoggedModelStore(this.#db, this.#now),
    };
    return this.#modelStores;
  }

  close(): Promise<void> {
    return guard(this.#db.close());
  }
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toMlflowError(error);
  }
}
