import type { ModelVersion, RegisteredModel, Tag } from "@sextant/protocol";
import type { CreateModelVersionInput, CreateRegisteredModelInput, RegistrySearchQuery, RegistryStore } from "../registry-store.js";
import type { Page } from "../tracking-store.js";
import { toMlflowError } from "./db-errors.js";
import { ModelVersionQueries } from "./model-versions.js";
import { RegisteredModelQueries } from "./registered-models.js";
import { RegistryLoader } from "./registry-loader.js";
import { searchModelVersions, searchRegisteredModels } from "./search-registry.js";
import type { SqlDatabase } from "./sql-session.js";

/**
 * The RegistryStore over SQL (SQLite and PostgreSQL) on a database whose schema is already
 * migrated. It does not own `db` (the tracking store that shares it closes it). SQL lives per
 * aggregate (registered-models, model-versions, search-registry); every driver error comes
 * out as an MlflowError.
 */
export class SqlRegistryStore implements RegistryStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #loader: RegistryLoader;
  readonly #models: RegisteredModelQueries;
  readonly #versions: ModelVersionQueries;

  constructor(db: SqlDatabase, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#loader = new RegistryLoader(db.dialect);
    this.#models = new RegisteredModelQueries(db, this.#loader);
    this.#versions = new ModelVersionQueries(db, this.#loader);
  }

  createRegisteredModel(input: CreateRegisteredModelInput): Promise<RegisteredModel> {
    return guard(this.#models.create(input, this.#now()));
  }

  getRegisteredModel(name: string): Promise<RegisteredModel> {
    return guard(this.#models.get(name));
  }

  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return guard(this.#models.rename(name, newName, this.#now()));
  }

  updateRegisteredModel(name: string, description: string | undefined): Promise<RegisteredModel> {
    return guard(this.#models.update(name, description, this.#now()));
  }

  deleteRegisteredModel(name: string): Promise<void> {
    return guard(this.#models.delete(name));
  }

  searchRegisteredModels(query: RegistrySearchQuery): Promise<Page<RegisteredModel>> {
    return guard(searchRegisteredModels(this.#db, this.#loader, query));
  }

  setRegisteredModelTag(name: string, tag: Tag): Promise<void> {
    return guard(this.#models.setTag(name, tag));
  }

  deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    return guard(this.#models.deleteTag(name, key));
  }

  createModelVersion(input: CreateModelVersionInput): Promise<ModelVersion> {
    return guard(this.#versions.create(input, this.#now()));
  }

  getModelVersion(name: string, version: number): Promise<ModelVersion> {
    return guard(this.#versions.get(name, version));
  }

  updateModelVersion(name: string, version: number, description: string | undefined): Promise<ModelVersion> {
    return guard(this.#versions.update(name, version, description, this.#now()));
  }

  transitionModelVersionStage(name: string, version: number, stage: string, archiveExisting: boolean): Promise<ModelVersion> {
    return guard(this.#versions.transition(name, version, stage, archiveExisting, this.#now()));
  }

  deleteModelVersion(name: string, version: number): Promise<void> {
    return guard(this.#versions.delete(name, version, this.#now()));
  }

  getLatestVersions(name: string, stages: readonly string[]): Promise<readonly ModelVersion[]> {
    return guard(this.#versions.latest(name, stages));
  }

  getModelVersionDownloadUri(name: string, version: number): Promise<string> {
    return guard(this.#versions.downloadUri(name, version));
  }

  searchModelVersions(query: RegistrySearchQuery): Promise<Page<ModelVersion>> {
    return guard(searchModelVersions(this.#db, this.#loader, query));
  }

  setModelVersionTag(name: string, version: number, tag: Tag): Promise<void> {
    return guard(this.#versions.setTag(name, version, tag));
  }

  deleteModelVersionTag(name: string, version: number, key: string): Promise<void> {
    return guard(this.#versions.deleteTag(name, version, key));
  }

  setRegisteredModelAlias(name: string, alias: string, version: number): Promise<void> {
    return guard(this.#versions.setAlias(name, alias, version));
  }

  deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    return guard(this.#versions.deleteAlias(name, alias));
  }

  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return guard(this.#versions.byAlias(name, alias));
  }
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toMlflowError(error);
  }
}
