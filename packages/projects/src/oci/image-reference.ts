import { MlflowError } from "@sextant/protocol";

/** Docker Hub as people write it, and the host its registry API answers on. */
export const DOCKER_HUB = "docker.io";
export const DOCKER_HUB_API_HOST = "registry-1.docker.io";

/** A parsed image reference such as `node:20-slim` or `127.0.0.1:5001/team/base:1@sha256:...`. */
export interface ImageReference {
  /** Registry host (with port) as written, `docker.io` for Docker Hub names. */
  readonly registry: string;
  /** Host (with port) whose `/v2/` API serves the image: `registry-1.docker.io` for Docker Hub. */
  readonly apiHost: string;
  /** Repository path inside the registry (`library/node` for Docker Hub's official images). */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` when pinned. */
  readonly digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

/**
 * Parses an image reference the way Docker does: the first path component is a registry
 * host when it contains `.` or `:` or is `localhost`, else the image is on Docker Hub, where
 * single-component names live under `library/`. `what` names the reference in errors
 * (e.g. "docker_env.image"). Throws INVALID_PARAMETER_VALUE for an empty reference, upper
 * case or invalid repository components, an invalid tag, or a digest that is not sha256.
 */
export function parseImageReference(reference: string, what = "image reference"): ImageReference {
  const fail = (problem: string) => MlflowError.invalidParameter(`Invalid ${what} '${reference}': ${problem}`);
  const text = reference.trim();
  if (text === "") throw fail("it is empty");
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw fail(`'${digest}' is not a digest of the form sha256:<64 lower-case hex digits>`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.indexOf(":", lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw fail(`tag '${tag}' must be 1-128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'`);
  }
  const parts = rest.split("/");
  let registry = DOCKER_HUB;
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost" || first.startsWith("["))) {
    registry = first;
    parts.shift();
    if (!HOST.test(registry)) throw fail(`'${registry}' is not a valid registry host[:port]`);
  }
  if (parts.length === 0 || parts.some((p) => p === "")) throw fail("the repository name is empty or has an empty path component");
  for (const part of parts) {
    if (!COMPONENT.test(part)) {
      throw fail(`repository component '${part}' must be lower-case letters and digits separated by '.', '_', '__' or '-'`);
    }
  }
  const isHub = registry === DOCKER_HUB || registry === "index.docker.io" || registry === DOCKER_HUB_API_HOST;
  if (isHub && parts.length === 1) parts.unshift("library");
  const repository = parts.join("/");
  if (repository.length > 255) throw fail(`the repository name is ${repository.length} characters long; the limit is 255`);
  return {
    registry: isHub ? DOCKER_HUB : registry,
    apiHost: isHub ? DOCKER_HUB_API_HOST : registry,
    repository,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/**
 * Writes a reference back as `registry/repository[:tag][@digest]`, always naming the
 * registry (`docker.io/library/node:20-slim`), which every container runtime accepts.
 */
export function formatImageReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag === undefined ? "" : `:${ref.tag}`}${ref.digest === undefined ? "" : `@${ref.digest}`}`;
}

/** The tag or digest to ask the registry for: the digest when pinned, else the tag, else `latest`. */
export function manifestReferenceOf(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? "latest";
}
