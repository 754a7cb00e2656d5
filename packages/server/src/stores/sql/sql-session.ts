import type { Kysely } from "kysely";
import type { TrackingSchema } from "./tracking-schema.js";

/** The two SQL dialects the tracking store runs on. */
export type SqlDialectName = "sqlite" | "postgres";

/** A value bound to a statement parameter. Arrays are only bound on PostgreSQL (`= ANY(?)`, `unnest(?)`). */
export type SqlValue = string | number | bigint | null | readonly (string | number | null)[];

/**
 * A statement written once with `?` placeholders. On PostgreSQL it becomes a named prepared
 * statement (parsed once per connection); on SQLite it is a cached better-sqlite3 statement.
 * Dynamic SQL (search) is passed as a plain string instead.
 */
export interface Stmt {
  readonly sql: string;
  readonly name: string;
}

/** Declares a static statement; `name` is derived from the text so equal texts share a plan. */
export function defineStatement(sql: string): Stmt {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sql.length; i++) {
    hash ^= sql.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return { sql, name: `sx_${(hash >>> 0).toString(36)}_${sql.length}` };
}

/** One connection's view: every call runs one statement. Errors are the driver's own. */
export interface SqlSession {
  readonly dialect: SqlDialectName;
  /** Rows as objects keyed by column name. */
  all<R>(statement: Stmt | string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Rows as arrays in select-list order (cheaper for large results). */
  rows(statement: Stmt | string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /** Runs a statement and returns the number of rows it changed. */
  run(statement: Stmt | string, params?: readonly SqlValue[]): Promise<number>;
}

/**
 * A database the tracking store talks to: single statements, all-or-nothing transactions, and
 * a Kysely instance used to build dynamic SQL and run migrations. On SQLite transactions are
 * serialised in-process (better-sqlite3 has one connection); on PostgreSQL each transaction
 * holds its own pooled connection.
 */
export interface SqlDatabase extends SqlSession {
  readonly kysely: Kysely<TrackingSchema>;
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Runs `work` all-or-nothing like `transaction`, but lets the database share one commit
   * between pieces of work submitted close together (group commit). Each piece is still
   * atomic on its own (a savepoint) and resolves only after the shared commit is durable, so
   * a failing piece rolls back alone. SQLite groups work submitted in the same event-loop
   * turn (a commit costs far more than the writes of a small batch); PostgreSQL runs a plain
   * transaction per piece (concurrent connections already overlap commits).
   */
  groupedTransaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
