import { afterAll, beforeAll, describe } from "vitest";
import { describeLoggedModelContract } from "./logged-model-contract.js";
import { describeRegistryContract } from "./registry-contract.js";
import type { ModelStores } from "../model-stores.js";
import type { TrackingStore } from "../tracking-store.js";

/** What a model-store suite factory hands back: the stores and how to dispose of them. */
export interface ModelStoresUnderTest {
  readonly tracking: TrackingStore;
  readonly models: ModelStores;
  cleanup(): Promise<void>;
}

/**
 * The shared registry + logged-model contract: every backend (SQLite, PostgreSQL, ...) must
 * pass it unchanged. `factory` runs once per suite; tests isolate themselves by unique names.
 */
export function describeModelStores(name: string, factory: () => Promise<ModelStoresUnderTest>): void {
  describe(`Registry and logged-model contract: ${name}`, () => {
    let underTest: ModelStoresUnderTest | undefined;
    beforeAll(async () => {
      underTest = await factory();
    });
    afterAll(async () => {
      await underTest?.cleanup();
    });
    const get = (): ModelStoresUnderTest => {
      if (!underTest) throw new Error("the store factory has not run (see the beforeAll failure)");
      return underTest;
    };
    describeRegistryContract(() => ({ registry: get().models.registry }));
    describeLoggedModelContract(() => ({ tracking: get().tracking, loggedModels: get().models.loggedModels }));
  });
}
