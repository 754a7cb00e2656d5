import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeModelStores } from "./test-support/describe-model-stores.js";
import { openTrackingStore } from "./open-tracking-store.js";

describeModelStores("sqlite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sextant-models-"));
  const tracking = await openTrackingStore(`sqlite:///${join(dir, "mlflow.db")}`, { defaultArtifactRoot: join(dir, "artifacts") });
  return {
    tracking,
    models: tracking.modelStores!(),
    async cleanup() {
      await tracking.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
