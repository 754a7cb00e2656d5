import { createTestDatabase } from "../test-support/postgres.js";
import { describeTrackingStore } from "./test-support/describe-tracking-store.js";
import { openTrackingStore } from "./open-tracking-store.js";

// Never skipped: without PostgreSQL (SEXTANT_TEST_POSTGRES_URL / the global setup) this fails.
describeTrackingStore("postgresql", async () => {
  const database = await createTestDatabase();
  const defaultArtifactRoot = "s3://bucket/mlflow";
  const store = await openTrackingStore(database.url, { defaultArtifactRoot });
  return {
    store,
    defaultArtifactRoot,
    async cleanup() {
      await store.close();
      await database.drop();
    },
  };
});
