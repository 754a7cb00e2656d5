import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeTrackingStore } from "./test-support/describe-tracking-store.js";
import { openTrackingStore } from "./open-tracking-store.js";

describeTrackingStore("sqlite (file)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sextant-store-"));
  const defaultArtifactRoot = join(dir, "artifacts");
  const store = await openTrackingStore(`sqlite:///${join(dir, "nested", "mlruns.db")}`, { defaultArtifactRoot });
  return {
    store,
    defaultArtifactRoot,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
