import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { MlflowError } from "@sextant/protocol";

/** What `sextant server` (or an embedding program) asks for; unset fields take MLflow's defaults. */
export interface ServerOptions {
  readonly backendStoreUri: string;
  readonly defaultArtifactRoot?: string;
  readonly serveArtifacts?: boolean;
  readonly artifactsDestination?: string;
  readonly artifactsOnly?: boolean;
  readonly host?: string;
  readonly port?: number;
}

/** ServerOptions with every default filled in and every location an absolute URI. */
export interface ServerConfig {
  readonly backendStoreUri: string;
  readonly defaultArtifactRoot: string;
  readonly serveArtifacts: boolean;
  readonly artifactsDestination: string;
  readonly artifactsOnly: boolean;
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 5000;
/** Where proxied artifacts go by default, relative to the working directory. */
export const DEFAULT_ARTIFACTS_DESTINATION = "./mlruns/artifacts";
/** Experiments' artifact root when the server proxies artifacts and no root is given. */
export const PROXIED_ARTIFACT_ROOT = "mlflow-artifacts:/";
const LOCAL_ARTIFACT_ROOT = "./mlruns";

const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

/** A plain path becomes an absolute `file://` URI (resolved against `cwd`); URIs stay as they are. */
export function toLocationUri(location: string, cwd: string): string {
  if (HAS_SCHEME.test(location)) return location;
  return pathToFileURL(isAbsolute(location) ? location : resolve(cwd, location)).href;
}

/**
 * Fills in MLflow's server defaults: host 127.0.0.1, port 5000, artifact proxying on, proxied
 * artifacts under `./mlruns/artifacts`; experiments' artifact root is `mlflow-artifacts:/` when
 * proxying and no root is given, else `./mlruns`. Local paths become absolute file URIs.
 * Throws INVALID_PARAMETER_VALUE for `artifactsOnly` without artifact serving or a bad port.
 */
export function resolveServerConfig(options: ServerOptions, cwd: string = process.cwd()): ServerConfig {
  const serveArtifacts = options.serveArtifacts ?? true;
  const artifactsOnly = options.artifactsOnly ?? false;
  if (artifactsOnly && !serveArtifacts) {
    throw MlflowError.invalidParameter(
      "--artifacts-only serves only the artifact proxy, which --no-serve-artifacts turns off: drop one of the two flags.",
    );
  }
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw MlflowError.invalidParameter(`Invalid port ${port}: use a number from 0 to 65535 (0 picks a free port).`);
  }
  const defaultArtifactRoot = options.defaultArtifactRoot
    ? toLocationUri(options.defaultArtifactRoot, cwd)
    : serveArtifacts
      ? PROXIED_ARTIFACT_ROOT
      : toLocationUri(LOCAL_ARTIFACT_ROOT, cwd);
  return {
    backendStoreUri: options.backendStoreUri,
    defaultArtifactRoot,
    serveArtifacts,
    artifactsDestination: toLocationUri(options.artifactsDestination || DEFAULT_ARTIFACTS_DESTINATION, cwd),
    artifactsOnly,
    host: options.host || DEFAULT_HOST,
    port,
  };
}
