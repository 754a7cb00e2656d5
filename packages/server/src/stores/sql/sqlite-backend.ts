import { resolve } from "node:path";
import { MlflowError } from "@sextant/protocol";
import type { TrackingStoreBackend } from "../tracking-store-registry.js";
import { migrateTrackingSchema } from "./migrate-tracking-schema.js";
import { openSqlTrackingStore } from "./sql-tracking-store.js";
import { openSqliteDatabase } from "./sqlite-database.js";

/**
 * The file path (or ":memory:") of a SQLAlchemy-style SQLite URI, resolved against `cwd`:
 * `sqlite:///relative.db`, `sqlite:////abs/path.db`, `sqlite:///:memory:` and `sqlite://`
 * (in-memory). A `+driver` suffix and a `?query` are ignored. INVALID_PARAMETER_VALUE otherwise.
 */
export function sqlitePathFromUri(uri: string, cwd: string = process.cwd()): string {
  const match = /^sqlite(?:\+[A-Za-z0-9_]+)?:\/\/(\/?)([^?#]*)/i.exec(uri);
  if (!match) {
    throw MlflowError.invalidParameter(
      `Invalid SQLite URI '${uri}': write sqlite:///relative/path.db or sqlite:////absolute/path.db`,
    );
  }
  const [, slash, rest] = match;
  if (slash === "" && rest === "") return ":memory:";
  if (slash === "") {
    throw MlflowError.invalidParameter(
      `Invalid SQLite URI '${uri}': a host is not allowed; write sqlite:///relative/path.db or sqlite:////absolute/path.db`,
    );
  }
  if (rest === "" || rest === ":memory:") return ":memory:";
  return resolve(cwd, rest!);
}

/** SQLite tracking backend (`sqlite:` URIs) on better-sqlite3. */
export const SQLITE_TRACKING_BACKEND: TrackingStoreBackend = {
  schemes: ["sqlite"],
  async open(uri, options) {
    return openSqlTrackingStore(openSqliteDatabase(sqlitePathFromUri(uri)), options);
  },
  async upgrade(uri) {
    const db = openSqliteDatabase(sqlitePathFromUri(uri));
    try {
      return await migrateTrackingSchema(db);
    } finally {
      await db.close();
    }
  },
};
