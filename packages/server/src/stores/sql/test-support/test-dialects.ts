import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../../../test-support/postgres.js";
import { openTrackingStore } from "../../open-tracking-store.js";
import type { TrackingStore } from "../../tracking-store.js";

/** A dialect for store tests that loop over both: how to open a fresh store on it. */
export interface TestDialect {
  readonly name: "sqlite" | "postgresql";
  open(): Promise<{ readonly store: TrackingStore; dispose(): Promise<void> }>;
}

/** SQLite in a temporary file, and a fresh database on the test PostgreSQL server (never skipped). */
export const TEST_DIALECTS: readonly TestDialect[] = [
  {
    name: "sqlite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "sextant-store-test-"));
      const store = await openTrackingStore(`sqlite:///${join(dir, "mlflow.db")}`, { defaultArtifactRoot: dir });
      return {
        store,
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "postgresql",
    async open() {
      const database = await createTestDatabase();
      const store = await openTrackingStore(database.url, { defaultArtifactRoot: "/tmp/sextant-unused" });
      return {
        store,
        async dispose() {
          await store.close();
          await database.drop();
        },
      };
    },
  },
];
