import { MlflowError } from "@sextant/protocol";
import { LOGREG_FLAVOR } from "./logreg-flavor.js";
import type { ModelFlavor } from "./model-flavor.js";

/** Flavors by name. Built-ins register exactly like a third-party flavor would. */
export class FlavorRegistry {
  readonly #flavors = new Map<string, ModelFlavor>();

  /** Registers (or replaces) a flavor; returns the registry for chaining. */
  register<M>(flavor: ModelFlavor<M>): this {
    this.#flavors.set(flavor.name, flavor as ModelFlavor);
    return this;
  }

  /** Registered flavor names, sorted. */
  names(): readonly string[] {
    return [...this.#flavors.keys()].sort();
  }

  get(name: string): ModelFlavor | undefined {
    return this.#flavors.get(name);
  }

  /** The flavor that can save `model`. INVALID_PARAMETER_VALUE listing the flavors when none can. */
  forModel(model: unknown): ModelFlavor {
    for (const flavor of this.#flavors.values()) if (flavor.accepts(model)) return flavor;
    throw MlflowError.invalidParameter(
      `No model flavor can save this object; known flavors: ${this.names().join(", ")}. ` +
        "Pass a model of a known flavor or register one with FlavorRegistry.register.",
    );
  }

  /**
   * The first flavor of an MLmodel's `flavors` section this registry knows.
   * INVALID_PARAMETER_VALUE naming the model's flavors and the known ones otherwise.
   */
  forMlmodel(flavors: Readonly<Record<string, unknown>>): ModelFlavor {
    for (const name of Object.keys(flavors)) {
      const flavor = this.#flavors.get(name);
      if (flavor) return flavor;
    }
    throw MlflowError.invalidParameter(
      `Cannot load a model with flavors ${Object.keys(flavors).join(", ") || "(none)"}: ` +
        `this SDK knows ${this.names().join(", ")}. Register the flavor with FlavorRegistry.register.`,
    );
  }
}

/** A fresh registry holding the built-in flavors (`sextant_logreg`). */
export function defaultFlavorRegistry(): FlavorRegistry {
  return new FlavorRegistry().register(LOGREG_FLAVOR);
}
