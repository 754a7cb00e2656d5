import { MlflowError } from "@sextant/protocol";
import type { ArtifactStore } from "./artifact-store.js";
import { artifactUriScheme, assertSafeArtifactLocation } from "./artifact-uri.js";

/** Opens the store for one URI of its scheme. May throw MlflowError (bad URI, refused location). */
export type ArtifactStoreFactory = (uri: string) => ArtifactStore;

/**
 * Artifact store plugins keyed by URI scheme ("" is a plain local path). Built-ins register
 * like any third-party plugin would. `open` first refuses unsafe locations (see
 * `assertSafeArtifactLocation`), then an unknown scheme with INVALID_PARAMETER_VALUE listing
 * the known ones.
 */
export class ArtifactStoreRegistry {
  private readonly factories = new Map<string, ArtifactStoreFactory>();
  private readonly closers: (() => void | Promise<void>)[] = [];

  /** Registers (or replaces) the plugin for `scheme`; returns the registry for chaining. */
  register(scheme: string, factory: ArtifactStoreFactory): this {
    this.factories.set(scheme.toLowerCase(), factory);
    return this;
  }

  /** Adds a cleanup step for `close()` (e.g. a plugin's shared network client). */
  onClose(closer: () => void | Promise<void>): this {
    this.closers.push(closer);
    return this;
  }

  /** Releases what the plugins hold (connections); the registry must not be used afterwards. */
  async close(): Promise<void> {
    for (const closer of this.closers.splice(0)) await closer();
  }

  /** Registered schemes, sorted. */
  schemes(): readonly string[] {
    return [...this.factories.keys()].sort();
  }

  /** Opens the store for `uri`. Throws INVALID_PARAMETER_VALUE for unsafe or unknown URIs. */
  open(uri: string): ArtifactStore {
    assertSafeArtifactLocation(uri, "artifact location");
    const scheme = artifactUriScheme(uri);
    const factory = this.factories.get(scheme);
    if (!factory) {
      const known = this.schemes()
        .map((name) => (name === "" ? "plain local paths" : `${name}:`))
        .join(", ");
      throw MlflowError.invalidParameter(
        `Unsupported artifact URI scheme '${scheme}' in '${uri}'. Known schemes: ${known}.`,
      );
    }
    return factory(uri);
  }
}
