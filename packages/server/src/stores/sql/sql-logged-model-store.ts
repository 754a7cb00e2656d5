import type { LoggedModel, LoggedModelStatus, Metric, ModelOutput, Tag } from "@sextant/protocol";
import type { CreateLoggedModelInput, LoggedModelStore, SearchLoggedModelsQuery } from "../logged-model-store.js";
import type { Page } from "../tracking-store.js";
import { toMlflowError } from "./db-errors.js";
import { logLoggedModelMetrics } from "./logged-model-metrics.js";
import { LoggedModelQueries } from "./logged-models.js";
import { searchLoggedModels } from "./search-logged-models.js";
import type { SqlDatabase } from "./sql-session.js";

/**
 * The LoggedModelStore over SQL (SQLite and PostgreSQL) on an already migrated database it
 * does not own. Every driver error comes out as an MlflowError.
 */
export class SqlLoggedModelStore implements LoggedModelStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #queries: LoggedModelQueries;

  constructor(db: SqlDatabase, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#queries = new LoggedModelQueries(db);
  }

  createLoggedModel(input: CreateLoggedModelInput): Promise<LoggedModel> {
    return guard(this.#queries.create(input, this.#now()));
  }

  getLoggedModel(modelId: string): Promise<LoggedModel> {
    return guard(this.#queries.get(modelId));
  }

  finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    return guard(this.#queries.finalize(modelId, status, this.#now()));
  }

  deleteLoggedModel(modelId: string): Promise<void> {
    return guard(this.#queries.delete(modelId, this.#now()));
  }

  setLoggedModelTags(modelId: string, tags: readonly Tag[]): Promise<void> {
    return guard(this.#queries.setTags(modelId, tags, this.#now()));
  }

  deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    return guard(this.#queries.deleteTag(modelId, key));
  }

  logLoggedModelParams(modelId: string, params: readonly Tag[]): Promise<void> {
    return guard(this.#queries.logParams(modelId, params));
  }

  searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>> {
    return guard(searchLoggedModels(this.#db, this.#queries.loader, query));
  }

  logOutputs(runId: string, outputs: readonly ModelOutput[]): Promise<void> {
    return guard(this.#queries.logOutputs(runId, outputs));
  }

  getRunOutputs(runId: string): Promise<readonly ModelOutput[]> {
    return guard(this.#queries.runOutputs(runId));
  }

  logModelMetrics(runId: string, metrics: readonly Metric[]): Promise<void> {
    return guard(logLoggedModelMetrics(this.#db, runId, metrics));
  }
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toMlflowError(error);
  }
}
