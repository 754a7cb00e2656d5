import type { TrackingStoreBackend } from "../tracking-store-registry.js";
import { migrateTrackingSchema } from "./migrate-tracking-schema.js";
import { openPostgresDatabase } from "./postgres-database.js";
import { openSqlTrackingStore } from "./sql-tracking-store.js";

/**
 * A connection URL for the `pg` driver from a URI as MLflow users write it:
 * `postgresql://`, `postgres://` or `postgresql+<driver>://` (the driver is dropped).
 */
export function postgresUrlFromUri(uri: string): string {
  return uri.replace(/^postgres(?:ql)?(?:\+[A-Za-z0-9_]+)?:/i, "postgresql:");
}

/** PostgreSQL tracking backend (`postgresql:` / `postgres:` URIs) on a `pg` Pool. */
export const POSTGRES_TRACKING_BACKEND: TrackingStoreBackend = {
  schemes: ["postgresql", "postgres"],
  async open(uri, options) {
    return openSqlTrackingStore(openPostgresDatabase(postgresUrlFromUri(uri)), options);
  },
  async upgrade(uri) {
    const db = openPostgresDatabase(postgresUrlFromUri(uri), 1);
    try {
      return await migrateTrackingSchema(db);
    } finally {
      await db.close();
    }
  },
};
