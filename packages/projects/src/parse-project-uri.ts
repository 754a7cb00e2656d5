import { MlflowError } from "@sextant/protocol";

/** A project URI split into where the project lives and the subfolder that holds MLproject. */
export interface ProjectUri {
  /** `local` for a folder on this machine, `git` for anything with a scheme (as MLflow decides). */
  readonly kind: "local" | "git";
  /** The folder path or the Git URL, without `#subdirectory`. */
  readonly location: string;
  /** Subfolder inside `location` (POSIX separators, no leading `/`), or "" for the top. */
  readonly subdirectory: string;
  /** The URI as given, minus surrounding quotes. */
  readonly uri: string;
}

/** Anything with a `scheme:` before the first `/` is remote (MLflow's rule). */
const REMOTE = /^[^/]*:/;

/**
 * Parses a project URI the way MLflow does: an optional `#subdirectory` suffix, and a
 * location that is a Git URL when it starts with `something:` (`https://…`, `file://…`,
 * `git@host:org/repo.git`) and a local folder otherwise. Surrounding quotes are removed.
 * Throws INVALID_PARAMETER_VALUE for an empty URI, a subdirectory that is absolute or climbs
 * out with `..` (MLflow refuses any `.`; Sextant allows dots in names), or a `.zip` URI.
 */
export function parseProjectUri(raw: string): ProjectUri {
  const uri = raw.replace(/^['"]+|['"]+$/g, "");
  if (uri.trim() === "") throw MlflowError.invalidParameter("Project URI is empty: give a folder or a Git URL");
  const hash = uri.indexOf("#");
  const location = hash < 0 ? uri : uri.slice(0, hash);
  const subdirectory = hash < 0 ? "" : uri.slice(hash + 1).replace(/\/+$/, "");
  if (location === "") throw MlflowError.invalidParameter(`Project URI ${uri} has a #subdirectory but no folder or Git URL before it`);
  if (subdirectory.startsWith("/") || subdirectory.split("/").includes("..")) {
    throw MlflowError.invalidParameter(
      `Project subdirectory '${subdirectory}' in ${uri} must be a relative path inside the project without '..'`,
    );
  }
  if (/\.zip$/i.test(location)) {
    throw MlflowError.invalidParameter(`Project URI ${uri} is a .zip archive, which is not supported: unpack it and pass the folder`);
  }
  return { kind: REMOTE.test(location) ? "git" : "local", location, subdirectory, uri };
}
