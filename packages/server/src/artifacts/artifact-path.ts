import { MlflowError } from "@sextant/protocol";
import { percentDecodeFully } from "./percent-decode.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const WINDOWS_DRIVE = /^[A-Za-z]:/;

function refuse(field: string, raw: string, reason: string): MlflowError {
  return MlflowError.invalidParameter(`Invalid path '${raw}' for '${field}': ${reason}.`);
}

/**
 * Checks a client-supplied artifact path and returns it in canonical form: relative,
 * `/`-separated, no empty or `.` segments, no trailing slash ("" is the root).
 *
 * The path is percent-decoded until stable first (MLflow's fix for CVE-2023-6909 and its
 * double-encoding bypasses), then refused when it holds `..` segments, is absolute (POSIX,
 * Windows drive or `file:` URI), contains a backslash, `#`, or control characters.
 * Throws INVALID_PARAMETER_VALUE naming `field`.
 */
export function normalizeArtifactPath(raw: string, field = "path"): string {
  const decoded = percentDecodeFully(raw);
  if (decoded === undefined) throw refuse(field, raw, "too many levels of percent-encoding");
  if (CONTROL_CHARACTERS.test(decoded)) throw refuse(field, raw, "control characters are not allowed");
  if (decoded.includes("\\")) throw refuse(field, raw, "backslashes are not allowed, use '/'");
  if (decoded.includes("#")) throw refuse(field, raw, "'#' is not allowed");
  if (decoded.startsWith("/") || WINDOWS_DRIVE.test(decoded) || /^file:/i.test(decoded)) {
    throw refuse(field, raw, "it must be relative to the artifact root");
  }
  const segments = decoded.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) throw refuse(field, raw, "'..' segments are not allowed");
  return segments.join("/");
}

/** Joins canonical artifact paths, skipping empty ones. */
export function joinArtifactPath(...parts: readonly string[]): string {
  return parts.filter((part) => part !== "").join("/");
}

/** The last segment of a canonical artifact path. */
export function artifactBaseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
