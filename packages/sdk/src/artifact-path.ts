import { MlflowError } from "@sextant/protocol";

/**
 * Normalises a relative artifact path (`a/b/c.txt`): backslashes become slashes, empty and
 * `.` segments drop out, leading/trailing slashes go. An absolute path or a `..` segment is
 * INVALID_PARAMETER_VALUE naming `field`, since it would escape the run's artifact root.
 */
export function normalizeArtifactPath(path: string | undefined, field = "artifactPath"): string {
  if (path === undefined) return "";
  const unified = path.replace(/\\/g, "/");
  if (unified.startsWith("/") || /^[A-Za-z]:\//.test(unified)) {
    throw MlflowError.invalidParameter(`${field} '${path}' must be relative to the run's artifact root`);
  }
  const segments = unified.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) {
    throw MlflowError.invalidParameter(`${field} '${path}' must not contain '..'`);
  }
  return segments.join("/");
}

/** Joins normalised artifact path parts, skipping empty ones. */
export function joinArtifactPath(...parts: readonly string[]): string {
  return parts.filter((part) => part !== "").join("/");
}
