import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { Mutex } from "./mutex.js";
import type { SqlDatabase, SqlSession, SqlValue, Stmt } from "./sql-session.js";
import type { TrackingSchema } from "./tracking-schema.js";

/** At most this many grouped pieces share one commit. */
const GROUP_LIMIT = 64;

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

/** A piece of grouped work waiting for the next group commit. */
interface GroupedWork {
  readonly work: (session: SqlSession) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

class SqliteDatabase implements SqlDatabase {
  readonly dialect = "sqlite" as const;
  readonly kysely: Kysely<TrackingSchema>;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Statement>();
  readonly #mutex = new Mutex();
  readonly #session: SqlSession;
  readonly #group: GroupedWork[] = [];
  #groupScheduled = false;

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

  groupedTransaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#group.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#groupScheduled) {
        this.#groupScheduled = true;
        setImmediate(() => void this.#commitGroup());
      }
    });
  }

  /**
   * Runs the queued pieces in one transaction, each inside its own savepoint, then commits
   * once and settles every piece (all pieces fail if the commit does).
   */
  async #commitGroup(): Promise<void> {
    const group = this.#group.splice(0, GROUP_LIMIT);
    // Keep each group short so other requests get the event loop between groups.
    if (this.#group.length > 0) setImmediate(() => void this.#commitGroup());
    else this.#groupScheduled = false;
    if (group.length === 0) return;
    if (group.length === 1) {
      const only = group[0]!;
      this.transaction(only.work).then(only.resolve, only.reject);
      return;
    }
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await this.transaction(async (session) => {
        for (const piece of group) {
          this.#run(SAVEPOINT);
          try {
            outcomes.push({ ok: true, value: await piece.work(session) });
            this.#run(RELEASE);
          } catch (error) {
            this.#run(ROLLBACK_TO);
            this.#run(RELEASE);
            outcomes.push({ ok: false, value: error });
          }
        }
      });
    } catch (error) {
      for (const piece of group) piece.reject(error);
      return;
    }
    group.forEach((piece, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) piece.resolve(outcome.value);
      else piece.reject(outcome.value);
    });
  }

  async close(): Promise<void> {
    while (this.#group.length > 0) await this.#commitGroup();
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
const SAVEPOINT = "SAVEPOINT grouped_work";
const RELEASE = "RELEASE grouped_work";
const ROLLBACK_TO = "ROLLBACK TO grouped_work";
