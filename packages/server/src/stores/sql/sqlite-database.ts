import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { Mutex } from "./mutex.js";
import type { SqlDatabase, SqlSession, SqlValue, Stmt } from "./sql-session.js";
import type { TrackingSchema } from "./tracking-schema.js";

/** Beyond this many distinct cached statements the cache is dropped (dynamic search SQL). */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * Opens a SQLite database (a file path, or ":memory:") tuned for the tracking store: WAL,
 * synchronous=NORMAL, a busy timeout for other processes, foreign keys on. Creates the
 * parent folder of a file. Statements are prepared once and cached.
 *
 * better-sqlite3 runs each statement synchronously on one connection, so a transaction is
 * made exclusive with an in-process lock: while one is open, every other call waits for it,
 * and no other work can see or join its uncommitted writes.
 */
export function openSqliteDatabase(path: string): SqlDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 10000");
  db.pragma("foreign_keys = ON");
  db.pragma("temp_store = MEMORY");
  db.pragma("cache_size = -65536");
  return new SqliteDatabase(db);
}

type Statement = Database.Statement<unknown[], unknown>;

class SqliteDatabase implements SqlDatabase {
  readonly dialect = "sqlite" as const;
  readonly kysely: Kysely<TrackingSchema>;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Statement>();
  readonly #mutex = new Mutex();
  readonly #session: SqlSession;

  constructor(db: Database.Database) {
    this.#db = db;
    this.kysely = new Kysely<TrackingSchema>({ dialect: new SqliteDialect({ database: db }) });
    this.#session = {
      dialect: "sqlite",
      all: async <R>(s: Stmt | string, p?: readonly SqlValue[]) => this.#all(s, p) as R[],
      rows: async (s, p) => this.#rows(s, p),
      run: async (s, p) => this.#run(s, p),
    };
  }

  async all<R>(statement: Stmt | string, params?: readonly SqlValue[]): Promise<R[]> {
    if (this.#mutex.locked) return this.#exclusive(() => this.#all(statement, params) as R[]);
    return this.#all(statement, params) as R[];
  }

  async rows(statement: Stmt | string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    if (this.#mutex.locked) return this.#exclusive(() => this.#rows(statement, params));
    return this.#rows(statement, params);
  }

  async run(statement: Stmt | string, params?: readonly SqlValue[]): Promise<number> {
    if (this.#mutex.locked) return this.#exclusive(() => this.#run(statement, params));
    return this.#run(statement, params);
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const wait = this.#mutex.lock();
    if (wait) await wait;
    try {
      this.#run(BEGIN);
      try {
        const result = await work(this.#session);
        this.#run(COMMIT);
        return result;
      } catch (error) {
        if (this.#db.inTransaction) this.#run(ROLLBACK);
        throw error;
      }
    } finally {
      this.#mutex.unlock();
    }
  }

  async close(): Promise<void> {
    const wait = this.#mutex.lock();
    if (wait) await wait;
    this.#statements.clear();
    if (this.#db.open) this.#db.close();
  }

  async #exclusive<T>(fn: () => T): Promise<T> {
    const wait = this.#mutex.lock();
    if (wait) await wait;
    try {
      return fn();
    } finally {
      this.#mutex.unlock();
    }
  }

  #prepare(statement: Stmt | string): Statement {
    const text = typeof statement === "string" ? statement : statement.sql;
    let prepared = this.#statements.get(text);
    if (!prepared) {
      if (this.#statements.size >= STATEMENT_CACHE_LIMIT) this.#statements.clear();
      prepared = this.#db.prepare(text);
      this.#statements.set(text, prepared);
    }
    return prepared;
  }

  #all(statement: Stmt | string, params?: readonly SqlValue[]): unknown[] {
    const prepared = this.#prepare(statement);
    if (prepared.reader) prepared.raw(false);
    return prepared.all(...((params ?? []) as unknown[]));
  }

  #rows(statement: Stmt | string, params?: readonly SqlValue[]): unknown[][] {
    return this.#prepare(statement)
      .raw(true)
      .all(...((params ?? []) as unknown[])) as unknown[][];
  }

  #run(statement: Stmt | string, params?: readonly SqlValue[]): number {
    return this.#prepare(statement).run(...((params ?? []) as unknown[])).changes;
  }
}

const BEGIN = "BEGIN IMMEDIATE";
const COMMIT = "COMMIT";
const ROLLBACK = "ROLLBACK";
