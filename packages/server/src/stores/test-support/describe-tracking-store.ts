import { afterAll, beforeAll, describe } from "vitest";
import { describeExperimentContract } from "./experiment-contract.js";
import { describeInputContract } from "./input-contract.js";
import { describeMetricContract } from "./metric-contract.js";
import { describeRunContract } from "./run-contract.js";
import { describeSearchExperimentsContract } from "./search-experiments-contract.js";
import { describeSearchRunsContract } from "./search-runs-contract.js";
import type { StoreFactory, StoreHandle, StoreUnderTest } from "./store-fixture.js";

export type { StoreFactory, StoreUnderTest } from "./store-fixture.js";

/**
 * The shared TrackingStore contract: every store implementation (SQLite, PostgreSQL, ...) must
 * pass it unchanged. `factory` is called once for the suite; tests isolate themselves with
 * uniquely named experiments, so one database serves them all.
 */
export function describeTrackingStore(name: string, factory: StoreFactory): void {
  describe(`TrackingStore contract: ${name}`, () => {
    let underTest: StoreUnderTest | undefined;
    beforeAll(async () => {
      underTest = await factory();
    });
    afterAll(async () => {
      await underTest?.cleanup();
    });
    const handle = (): StoreHandle => {
      if (!underTest) throw new Error("the store factory has not run (see the beforeAll failure)");
      return { store: underTest.store, defaultArtifactRoot: underTest.defaultArtifactRoot };
    };
    describeExperimentContract(handle);
    describeRunContract(handle);
    describeMetricContract(handle);
    describeInputContract(handle);
    describeSearchRunsContract(handle);
    describeSearchExperimentsContract(handle);
  });
}
