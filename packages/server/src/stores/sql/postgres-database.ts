import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { PG_TYPE_PARSERS } from "./pg-type-parsers.js";
import type { SqlDatabase, SqlSession, SqlValue, Stmt } from "./sql-session.js";
import type { TrackingSchema } from "./tracking-schema.js";

/** Connections per store; PostgreSQL serialises row locks, so more only adds contention. */
const DEFAULT_POOL_SIZE = 10;

/**
 * Opens a pooled PostgreSQL database for the tracking store from a `postgresql://` URL.
 * Static statements run as named prepared statements; each transaction holds one pooled
 * connection for its whole duration.
 */
export function openPostgresDatabase(url: string, poolSize = DEFAULT_POOL_SIZE): SqlDatabase {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: PG_TYPE_PARSERS });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  return new PostgresDatabase(pool);
}

interface Queryable {
  query(config: pg.QueryConfig<unknown[]> | pg.QueryArrayConfig<unknown[]>): Promise<pg.QueryResult>;
}

/** `?` placeholders to `$n` (our SQL never contains `?` inside literals). */
function numbered(text: string): string {
  if (!text.includes("?")) return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

class PostgresSession implements SqlSession {
  readonly dialect = "postgres" as const;
  readonly #client: Queryable;
  readonly #texts: Map<string, string>;

  constructor(client: Queryable, texts: Map<string, string>) {
    this.#client = client;
    this.#texts = texts;
  }

  async all<R>(statement: Stmt | string, params?: readonly SqlValue[]): Promise<R[]> {
    const result = await this.#client.query(this.#config(statement, params));
    return result.rows as R[];
  }

  async rows(statement: Stmt | string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    const result = await this.#client.query({ ...this.#config(statement, params), rowMode: "array" });
    return result.rows as unknown[][];
  }

  async run(statement: Stmt | string, params?: readonly SqlValue[]): Promise<number> {
    const result = await this.#client.query(this.#config(statement, params));
    return result.rowCount ?? 0;
  }

  #config(statement: Stmt | string, params?: readonly SqlValue[]): pg.QueryConfig<unknown[]> {
    const values = (params ?? []) as unknown[];
    if (typeof statement === "string") return { text: numbered(statement), values };
    let text = this.#texts.get(statement.sql);
    if (text === undefined) {
      text = numbered(statement.sql);
      this.#texts.set(statement.sql, text);
    }
    return { name: statement.name, text, values };
  }
}

class PostgresDatabase extends PostgresSession implements SqlDatabase {
  readonly kysely: Kysely<TrackingSchema>;
  readonly #pool: pg.Pool;
  readonly #texts: Map<string, string>;

  constructor(pool: pg.Pool) {
    const texts = new Map<string, string>();
    super(pool, texts);
    this.#pool = pool;
    this.#texts = texts;
    this.kysely = new Kysely<TrackingSchema>({ dialect: new PostgresDialect({ pool }) });
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      try {
        const result = await work(new PostgresSession(client, this.#texts));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        try {
          await client.query("ROLLBACK");
        } catch {
          broken = true;
        }
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  groupedTransaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
