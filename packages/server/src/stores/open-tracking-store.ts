import { POSTGRES_TRACKING_BACKEND } from "./sql/postgres-backend.js";
import { SQLITE_TRACKING_BACKEND } from "./sql/sqlite-backend.js";
import type { TrackingStore } from "./tracking-store.js";
import {
  createTrackingStoreRegistry,
  type TrackingStoreBackend,
  type TrackingStoreOptions,
  type TrackingStoreRegistry,
} from "./tracking-store-registry.js";

/** The tracking backends that ship with Sextant: SQLite and PostgreSQL. */
export const BUILTIN_TRACKING_BACKENDS: readonly TrackingStoreBackend[] = [SQLITE_TRACKING_BACKEND, POSTGRES_TRACKING_BACKEND];

/** A registry holding the built-in backends plus `extra` ones (which win on a shared scheme). */
export function builtinTrackingStoreRegistry(extra: readonly TrackingStoreBackend[] = []): TrackingStoreRegistry {
  return createTrackingStoreRegistry([...BUILTIN_TRACKING_BACKENDS, ...extra]);
}

/**
 * Opens the tracking store behind a URI as MLflow users write it (`sqlite:///mlruns.db`,
 * `sqlite:////abs/path.db`, `sqlite:///:memory:`, `postgresql://user:pass@host:port/db`,
 * `postgres://...`, `postgresql+psycopg2://...`), migrating its schema and creating the
 * "Default" experiment "0" under `<defaultArtifactRoot>/0` when missing.
 * Throws INVALID_PARAMETER_VALUE for an unknown scheme (listing the known ones) or a malformed
 * SQLite URI, INTERNAL_ERROR when the database cannot be opened or migrated.
 */
export function openTrackingStore(uri: string, opts: TrackingStoreOptions): Promise<TrackingStore> {
  return builtinTrackingStoreRegistry().open(uri, opts);
}

/**
 * Migrates the database behind `uri` to the latest tracking schema (what `sextant db upgrade`
 * runs) and returns the names of the migrations applied now (empty when already current).
 * Same errors as `openTrackingStore`.
 */
export function upgradeDatabase(uri: string): Promise<readonly string[]> {
  return builtinTrackingStoreRegistry().upgrade(uri);
}
