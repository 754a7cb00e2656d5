import { isMlflowError, MlflowError } from "@sextant/protocol";
import type { TrackingStore } from "./tracking-store.js";

/** What every tracking backend is opened with. */
export interface TrackingStoreOptions {
  /** Where experiments without an explicit artifact location keep artifacts (`<root>/<experiment_id>`). */
  readonly defaultArtifactRoot: string;
}

/** A tracking store plugin: the URI schemes it serves, how to open it and how to upgrade its schema. */
export interface TrackingStoreBackend {
  /** Base schemes without a driver suffix (`postgresql+psycopg2` is looked up as `postgresql`). */
  readonly schemes: readonly string[];
  open(uri: string, options: TrackingStoreOptions): Promise<TrackingStore>;
  /** Migrates the schema to the latest version; returns the migrations applied now. */
  upgrade(uri: string): Promise<readonly string[]>;
}

/** Backends keyed by URI scheme. Built-ins register exactly like a third-party plugin. */
export interface TrackingStoreRegistry {
  readonly schemes: readonly string[];
  /** INVALID_PARAMETER_VALUE listing the known schemes when none serves `uri`. */
  backendFor(uri: string): TrackingStoreBackend;
  open(uri: string, options: TrackingStoreOptions): Promise<TrackingStore>;
  upgrade(uri: string): Promise<readonly string[]>;
}

/** The scheme of `uri` without a `+driver` suffix, lower-cased (undefined for a plain path). */
export function uriScheme(uri: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9.+-]*):/.exec(uri);
  return match ? match[1]!.split("+")[0]!.toLowerCase() : undefined;
}

/** `uri` with any password replaced by `***`, safe to show in messages and logs. */
export function redactUri(uri: string): string {
  return uri.replace(/^([A-Za-z][A-Za-z0-9.+-]*:\/\/[^:/?#@]*):[^@/]*@/, "$1:***@");
}

/** A registry over `backends`; a later backend claiming a scheme wins. */
export function createTrackingStoreRegistry(backends: readonly TrackingStoreBackend[]): TrackingStoreRegistry {
  const byScheme = new Map<string, TrackingStoreBackend>();
  for (const backend of backends) for (const scheme of backend.schemes) byScheme.set(scheme.toLowerCase(), backend);
  const schemes = [...byScheme.keys()];

  const backendFor = (uri: string): TrackingStoreBackend => {
    const scheme = uriScheme(uri);
    const backend = scheme === undefined ? undefined : byScheme.get(scheme);
    if (!backend) {
      throw MlflowError.invalidParameter(
        `Unsupported tracking store URI '${redactUri(uri)}'${scheme ? ` (scheme '${scheme}')` : ""}: ` +
          `known schemes are ${schemes.map((s) => `${s}://`).join(", ")}`,
      );
    }
    return backend;
  };

  const describeFailure = (action: string, uri: string, error: unknown): MlflowError => {
    if (isMlflowError(error) && error.code !== "INTERNAL_ERROR") return error;
    const detail = error instanceof Error ? error.message : String(error);
    return new MlflowError("INTERNAL_ERROR", `Cannot ${action} tracking store ${redactUri(uri)}: ${detail}`, {
      cause: error,
    });
  };

  return {
    schemes,
    backendFor,
    async open(uri, options) {
      const backend = backendFor(uri);
      try {
        return await backend.open(uri, options);
      } catch (error) {
        throw describeFailure("open", uri, error);
      }
    },
    async upgrade(uri) {
      const backend = backendFor(uri);
      try {
        return await backend.upgrade(uri);
      } catch (error) {
        throw describeFailure("upgrade", uri, error);
      }
    },
  };
}
