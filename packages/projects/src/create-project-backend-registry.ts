import { LocalBackend, type LocalBackendOptions } from "./local-backend.js";
import { ProjectBackendRegistry } from "./project-backend-registry.js";

/** A registry holding the built-in backends (`local`); add others with `register`. */
export function createProjectBackendRegistry(options: { readonly local?: LocalBackendOptions } = {}): ProjectBackendRegistry {
  return new ProjectBackendRegistry().register(new LocalBackend(options.local));
}
