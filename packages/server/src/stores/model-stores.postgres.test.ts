import { createTestDatabase } from "../test-support/postgres.js";
import { describeModelStores } from "./test-support/describe-model-stores.js";
import { openTrackingStore } from "./open-tracking-store.js";

// Never skipped: without PostgreSQL (SEXTANT_TEST_POSTGRES_URL / the global setup) this fails.
describeModelStores("postgresql", async () => {
  const database = await createTestDatabase();
  const tracking = await openTrackingStore(database.url, { defaultArtifactRoot: "s3://bucket/mlflow" });
  return {
    tracking,
    models: tracking.modelStores!(),
    async cleanup() {
      await tracking.close();
      await database.drop();
    },
  };
});
