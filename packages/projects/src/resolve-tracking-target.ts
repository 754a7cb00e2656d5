import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MlflowError } from "@sextant/protocol";

/** Where a project run's (or any sextant command's) tracking data goes. */
export type TrackingTarget =
  /** A tracking server the entry point talks to directly. */
  | { readonly kind: "server"; readonly uri: string }
  /**
   * A local store served by an in-process server on a loopback port (the entry point gets
   * that server's URL): `sqlite:` in `folder` (or the database URI given), artifacts in
   * `artifactsDestination`.
   */
  | {
      readonly kind: "embedded";
      readonly backendStoreUri: string;
      readonly artifactsDestination: string;
      /** The folder to create before starting (the `mlruns`-like folder). */
      readonly folder: string;
      /** True for the default `./mlruns` of `cwd` (then `sextant ui` there shows it). */
      readonly isDefault: boolean;
    };

const DATABASE_SCHEMES = new Set(["sqlite", "postgresql", "postgres", "mysql", "mssql"]);

/**
 * Decides from MLFLOW_TRACKING_URI where `sextant run` tracks and every other sextant command
 * that reads tracking data looks, like MLflow's client does:
 * unset means `./mlruns` of `cwd`; a plain path or `file:` URI means that folder; a database
 * URI (`sqlite:`, `postgresql:`…) means that store; all three are served by an embedded
 * server, since the SDK speaks HTTP only. A folder holds `mlflow.db` (SQLite, not MLflow's
 * file-store layout) and `artifacts/`. `http(s):` is a tracking server used as it is.
 * Throws INVALID_PARAMETER_VALUE for any other scheme, and for `databricks` (a Databricks
 * workspace in MLflow).
 */
export function resolveTrackingTarget(trackingUri: string | undefined, cwd: string): TrackingTarget {
  const uri = trackingUri?.trim() ?? "";
  if (uri === "") return folderTarget(join(cwd, "mlruns"), true);
  // MLflow reads these bare words as Databricks workspaces, not as folder names.
  if (["databricks", "databricks-uc", "uc"].includes(uri)) return unsupported(uri, uri);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || (scheme.length === 1 && /^[A-Za-z]:[\\/]/.test(uri))) {
    const folder = isAbsolute(uri) ? uri : resolve(cwd, uri);
    return folderTarget(folder, folder === join(cwd, "mlruns"));
  }
  if (scheme === "http" || scheme === "https") return { kind: "server", uri };
  if (scheme === "file") {
    const folder = uri.startsWith("file://") ? fileURLToPath(uri) : resolve(cwd, uri.slice("file:".length));
    return folderTarget(folder, folder === join(cwd, "mlruns"));
  }
  if (DATABASE_SCHEMES.has(scheme.split("+")[0]!)) {
    const folder = join(cwd, "mlruns");
    return { kind: "embedded", backendStoreUri: uri, artifactsDestination: join(folder, "artifacts"), folder, isDefault: false };
  }
  return unsupported(uri, scheme);
}

function unsupported(uri: string, scheme: string): never {
  throw MlflowError.invalidParameter(
    `MLFLOW_TRACKING_URI '${uri}' uses the '${scheme}' scheme, which sextant does not support: use http(s)://<server>, a folder (file:/path or a plain path), or a sqlite:/postgresql: database URI`,
  );
}

function folderTarget(folder: string, isDefault: boolean): TrackingTarget {
  return {
    kind: "embedded",
    // SQLAlchemy style, as the server reads it: sqlite:/// + the absolute path (no %-encoding).
    backendStoreUri: `sqlite:///${join(folder, "mlflow.db")}`,
    artifactsDestination: join(folder, "artifacts"),
    folder,
    isDefault,
  };
}
