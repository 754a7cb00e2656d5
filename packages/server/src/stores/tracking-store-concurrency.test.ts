import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../test-support/postgres.js";
import { describeConcurrentWriters } from "./test-support/describe-concurrent-writers.js";
import { openTrackingStore } from "./open-tracking-store.js";

// One process holds one SQLite store (a second connection in the same thread would wait on
// the first synchronously); other processes are handled by WAL and the busy timeout.
describeConcurrentWriters("sqlite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sextant-concurrency-"));
  const store = await openTrackingStore(`sqlite:///${join(dir, "mlruns.db")}`, { defaultArtifactRoot: join(dir, "artifacts") });
  return {
    stores: [store],
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

// Never skipped: without PostgreSQL this fails.
describeConcurrentWriters("postgresql, two stores (replicas) on one database", async () => {
  const database = await createTestDatabase();
  const options = { defaultArtifactRoot: "s3://bucket/root" };
  const first = await openTrackingStore(database.url, options);
  const second = await openTrackingStore(database.url, options);
  return {
    stores: [first, second],
    async cleanup() {
      await first.close();
      await second.close();
      await database.drop();
    },
  };
});
