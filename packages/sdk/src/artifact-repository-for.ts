import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ARTIFACTS_PROXY_PREFIX, MlflowError } from "@sextant/protocol";
import type { ArtifactRepository } from "./artifact-repository.js";
import { HttpArtifactRepository } from "./http-artifact-repository.js";
import type { HttpTransport } from "./http-transport.js";
import { LocalArtifactRepository } from "./local-artifact-repository.js";

/**
 * Picks how to reach a run's artifact root from its `artifact_uri`:
 * - `mlflow-artifacts:/<path>` (or `mlflow-artifacts://host:port/<path>`): the server's proxy;
 * - `http(s)://…`: that URL directly, with the tracking server's credentials;
 * - `file://…` or a path: written directly in that folder.
 * Anything else (s3://, gs://, …) is INVALID_PARAMETER_VALUE: the SDK does not talk to cloud
 * storage; start the server with `--serve-artifacts` so it proxies them.
 */
export function artifactRepositoryFor(artifactUri: string, transport: HttpTransport): ArtifactRepository {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(artifactUri)?.[1]?.toLowerCase();
  if (scheme === undefined || (scheme.length === 1 && isAbsolute(artifactUri))) {
    return new LocalArtifactRepository(resolve(artifactUri));
  }
  if (scheme === "file") return new LocalArtifactRepository(fileURLToPath(artifactUri));
  if (scheme === "http" || scheme === "https") {
    return new HttpArtifactRepository(transport, artifactUri.replace(/\/+$/, ""));
  }
  if (scheme === "mlflow-artifacts") {
    const rest = artifactUri.slice("mlflow-artifacts:".length);
    let origin = transport.baseUrl;
    let path = rest;
    if (rest.startsWith("//")) {
      const url = new URL(`${new URL(transport.baseUrl).protocol}${rest}`);
      origin = url.origin;
      path = url.pathname;
    }
    const cleanPath = path.replace(/^\/+/, "").replace(/\/+$/, "");
    return new HttpArtifactRepository(transport, `${origin}${ARTIFACTS_PROXY_PREFIX}/artifacts/${cleanPath}`);
  }
  throw MlflowError.invalidParameter(
    `The run's artifact location '${artifactUri}' uses the '${scheme}' scheme, which the Sextant SDK does not ` +
      "write to directly: start the tracking server with --serve-artifacts so artifacts go through its proxy",
  );
}
