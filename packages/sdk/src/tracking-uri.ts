import { MlflowError } from "@sextant/protocol";

/** A tracking server address split into what fetch can use and credentials it cannot. */
export interface TrackingServer {
  /** `http(s)://host[:port][/prefix]` without a trailing slash or credentials. */
  readonly baseUrl: string;
  readonly username?: string;
  readonly password?: string;
}

const HOW_TO =
  "The Sextant SDK talks to a tracking server over HTTP only: run your script under " +
  "`sextant run` (it starts a server for it), or start `sextant server` and set " +
  "MLFLOW_TRACKING_URI=http://127.0.0.1:5000";

/**
 * Parses a tracking URI. Only `http:` and `https:` are accepted; a `file:` URI, a plain path
 * or a database URI is a local store the SDK cannot write: INVALID_PARAMETER_VALUE saying
 * what to do instead. Credentials in the URI (`http://user:pass@host`) are split out, since
 * fetch refuses such URLs.
 */
export function parseTrackingUri(uri: string): TrackingServer {
  const trimmed = uri.trim();
  if (trimmed === "") throw MlflowError.invalidParameter(`The tracking URI is empty. ${HOW_TO}`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw MlflowError.invalidParameter(`Tracking URI '${uri}' looks like a local path. ${HOW_TO}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw MlflowError.invalidParameter(
      `Tracking URI '${uri}' uses the '${url.protocol.replace(/:$/, "")}' scheme, which is a local store. ${HOW_TO}`,
    );
  }
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  const baseUrl = url.toString().replace(/\/+$/, "");
  return { baseUrl, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
}
