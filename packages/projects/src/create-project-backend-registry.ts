import { KubernetesBackend, type KubernetesBackendOptions } from "./backends/kubernetes/kubernetes-backend.js";
import { LocalBackend, type LocalBackendOptions } from "./local-backend.js";
import { ProjectBackendRegistry } from "./project-backend-registry.js";

/** A registry holding the built-in backends (`local`, `kubernetes`); add others with `register`. */
export function createProjectBackendRegistry(
  options: { readonly local?: LocalBackendOptions; readonly kubernetes?: KubernetesBackendOptions } = {},
): ProjectBackendRegistry {
  return new ProjectBackendRegistry().register(new LocalBackend(options.local)).register(new KubernetesBackend(options.kubernetes));
}
