import { MlflowError } from "@sextant/protocol";
import { type Kysely, type Migration, Migrator } from "kysely";
import type { SqlDatabase } from "./sql-session.js";
import { modelMigrations } from "./model-migrations.js";
import { trackingMigrations } from "./tracking-migrations.js";

/**
 * Brings the tracking schema up to date with Kysely's Migrator (an in-code provider; the
 * migration table is `sextant_migrations`, locked so concurrent starters on PostgreSQL take
 * turns). Returns the names of the migrations applied now (empty when already current).
 * Throws INTERNAL_ERROR naming the failed migration.
 */
export async function migrateTrackingSchema(db: SqlDatabase): Promise<readonly string[]> {
  const migrations = { ...trackingMigrations(db.dialect), ...modelMigrations(db.dialect) };
  const migrator = new Migrator({
    db: db.kysely as unknown as Kysely<unknown>,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
    migrationTableName: "sextant_migrations",
    migrationLockTableName: "sextant_migrations_lock",
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    const detail = error instanceof Error ? error.message : String(error);
    throw new MlflowError("INTERNAL_ERROR", `Tracking schema migration ${failed} failed: ${detail}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
