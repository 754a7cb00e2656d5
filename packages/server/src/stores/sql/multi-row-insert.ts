import { defineStatement, type SqlSession, type SqlValue, type Stmt } from "./sql-session.js";

/** Chunk sizes tried largest first; each size is one cached prepared statement. */
const CHUNK_SIZES = [200, 25, 1] as const;

/**
 * A multi-row `INSERT ... VALUES (...), (...) <tail>` split into a few fixed chunk sizes, so
 * every statement text is prepared once and reused, and no statement binds more than
 * 200 rows (well under SQLite's 32766 and PostgreSQL's 65535 parameter limits).
 */
export class MultiRowInsert {
  readonly #columns: number;
  readonly #statements: ReadonlyMap<number, Stmt>;

  /** `head` is `INSERT INTO t (a, b)`; `tail` follows the VALUES list (e.g. ON CONFLICT ...). */
  constructor(head: string, columns: number, tail: string) {
    this.#columns = columns;
    const tuple = `(${new Array<string>(columns).fill("?").join(", ")})`;
    this.#statements = new Map(
      CHUNK_SIZES.map((size) => [size, defineStatement(`${head} VALUES ${new Array<string>(size).fill(tuple).join(", ")} ${tail}`)]),
    );
  }

  /** Inserts `rows` (each exactly `columns` values long) and returns the number of rows changed. */
  async run(session: SqlSession, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    let changed = 0;
    let at = 0;
    for (const size of CHUNK_SIZES) {
      const statement = this.#statements.get(size)!;
      while (rows.length - at >= size) {
        const params: SqlValue[] = new Array(size * this.#columns);
        let p = 0;
        for (let r = at; r < at + size; r++) {
          const row = rows[r]!;
          for (let c = 0; c < this.#columns; c++) params[p++] = row[c]!;
        }
        changed += await session.run(statement, params);
        at += size;
      }
    }
    return changed;
  }
}
