import { MlflowError } from "@sextant/protocol";
import { percentDecodeFully } from "./percent-decode.js";

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * The scheme of an artifact URI, lower-cased: "s3", "file", "mlflow-artifacts", ...;
 * "" for a plain local path (a one-letter "scheme" is a Windows drive, hence a path).
 */
export function artifactUriScheme(uri: string): string {
  const match = SCHEME.exec(uri);
  const scheme = match?.[1];
  return scheme !== undefined && scheme.length > 1 ? scheme.toLowerCase() : "";
}

/**
 * Refuses artifact locations that could steer reads or writes somewhere else than they seem:
 * a `#` fragment or `?` query (MLflow CVE-2023-6909, CVE-2024-1558 class: `file:///tmp#/../../etc`),
 * `..` segments (also percent-encoded), backslashes, control characters, and `runs:` URIs.
 * Used for experiment artifact locations on create and for every location before it is opened.
 * Throws INVALID_PARAMETER_VALUE naming `field`.
 */
export function assertSafeArtifactLocation(uri: string, field = "artifact_location"): void {
  const refuse = (reason: string) =>
    MlflowError.invalidParameter(`Invalid ${field} '${uri}': ${reason}.`);
  const decoded = percentDecodeFully(uri);
  if (decoded === undefined) throw refuse("too many levels of percent-encoding");
  if (CONTROL_CHARACTERS.test(decoded)) throw refuse("control characters are not allowed");
  if (decoded.includes("#")) throw refuse("URI fragments ('#') are not allowed");
  if (decoded.includes("?")) throw refuse("query strings ('?') are not allowed");
  if (decoded.includes("\\")) throw refuse("backslashes are not allowed");
  if (decoded.split("/").includes("..")) throw refuse("'..' segments are not allowed");
  if (artifactUriScheme(decoded) === "runs") throw refuse("it cannot be a runs:/ URI");
}

/** Appends a canonical relative path to an artifact URI or local path. */
export function appendToArtifactUri(uri: string, path: string): string {
  if (path === "") return uri;
  return uri.endsWith("/") ? `${uri}${path}` : `${uri}/${path}`;
}
