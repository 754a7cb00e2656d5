import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../../test-support/postgres.js";

/** A fresh, empty tracking database for one test file, and how to throw it away. */
export interface TestDatabase {
  readonly uri: string;
  drop(): Promise<void>;
}

/** A database dialect the REST suites run against. */
export interface TestBackend {
  readonly name: "sqlite" | "postgresql";
  create(): Promise<TestDatabase>;
}

/** SQLite in a temporary folder (a real file, WAL mode, as the server uses it). */
export const SQLITE_BACKEND: TestBackend = {
  name: "sqlite",
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "sextant-rest-"));
    return {
      uri: `sqlite:///${join(dir, "mlflow.db")}`,
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** A fresh database on the test PostgreSQL server (never skipped: fails without one). */
export const POSTGRES_BACKEND: TestBackend = {
  name: "postgresql",
  async create() {
    const db = await createTestDatabase();
    return { uri: db.url, drop: db.drop };
  },
};
