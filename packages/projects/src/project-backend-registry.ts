import { MlflowError } from "@sextant/protocol";
import type { ProjectBackend } from "./project-backend.js";

/**
 * Project backends keyed by name. Built-in backends register exactly like a third-party
 * one would; there is no global registry, each caller builds its own.
 */
export class ProjectBackendRegistry {
  readonly #backends = new Map<string, ProjectBackend>();

  /** Adds `backend` under its name. Throws INVALID_PARAMETER_VALUE if the name is taken. */
  register(backend: ProjectBackend): this {
    if (this.#backends.has(backend.name)) {
      throw MlflowError.invalidParameter(`A project backend named '${backend.name}' is already registered`);
    }
    this.#backends.set(backend.name, backend);
    return this;
  }

  /** The backend named `name`. Throws INVALID_PARAMETER_VALUE listing the known names. */
  get(name: string): ProjectBackend {
    const backend = this.#backends.get(name);
    if (!backend) {
      throw MlflowError.invalidParameter(`Unknown project backend '${name}'. Known backends: ${this.names().join(", ") || "none"}`);
    }
    return backend;
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.#backends.keys()];
  }
}
