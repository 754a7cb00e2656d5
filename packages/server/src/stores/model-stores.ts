import type { LoggedModelStore } from "./logged-model-store.js";
import type { RegistryStore } from "./registry-store.js";

/**
 * The model side of a backend store: the registry and MLflow 3.x logged models. A SQL
 * tracking store hands these out over its own database, as MLflow's registry shares the
 * tracking database by default.
 */
export interface ModelStores {
  readonly registry: RegistryStore;
  readonly loggedModels: LoggedModelStore;
}
