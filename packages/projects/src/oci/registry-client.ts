import { createHash } from "node:crypto";
import { MlflowError } from "@sextant/protocol";
import { parseAuthChallenges } from "./auth-challenge.js";
import type { CredentialLookup, RegistryCredential } from "./docker-credentials.js";
import { MANIFEST_ACCEPT } from "./oci-media-types.js";
import { registryBaseUrl } from "./registry-base-url.js";
import { registryError, registryUnreachable } from "./registry-error.js";

/** How to reach one registry. */
export interface RegistryClientOptions {
  /** API host with port, e.g. `127.0.0.1:5001` or `registry-1.docker.io`. */
  readonly host: string;
  /** Hosts (`host` or `host:port`) reached over plain HTTP although not on loopback. */
  readonly insecureRegistries?: readonly string[];
  /** Credentials lookup, e.g. `dockerCredentials()`; anonymous when absent. */
  readonly credentials?: CredentialLookup;
  /** The fetch to use (tests wrap it to count requests). Default: global fetch. */
  readonly fetch?: typeof fetch;
  /** Size of one PATCH when uploading a large blob. Default 8 MiB. */
  readonly chunkSize?: number;
}

/** A manifest or index as fetched, with the bytes its digest covers. */
export interface FetchedManifest {
  readonly bytes: Buffer;
  readonly mediaType: string;
  readonly digest: string;
}

type Scope = string;

const pullScope = (repository: string): Scope => `repository:${repository}:pull`;
const pushScope = (repository: string): Scope => `repository:${repository}:pull,push`;

/** sha256 digest (`sha256:<hex>`) of some bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * A client for one registry's distribution API (`/v2/`): manifests, blobs, cross-repository
 * mounts and chunked uploads. It answers authentication challenges itself: Basic with the
 * Docker config's credentials, Bearer by fetching a token from the challenge's realm (with
 * those credentials, or anonymously), caching tokens per scope. Every failure is an
 * MlflowError: UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_DOES_NOT_EXIST,
 * TEMPORARILY_UNAVAILABLE (unreachable or 5xx), BAD_REQUEST, or INTERNAL_ERROR when the
 * registry sends content whose digest does not match.
 */
export class RegistryClient {
  readonly host: string;
  readonly baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #credentials: CredentialLookup | undefined;
  readonly #chunkSize: number;
  readonly #tokens = new Map<string, { readonly token: string; readonly expires: number }>();
  #scheme: "basic" | "bearer" | undefined;
  #challengeParams: Readonly<Record<string, string>> = {};
  #credential: Promise<RegistryCredential | undefined> | undefined;

  constructor(options: RegistryClientOptions) {
    this.host = options.host;
    this.baseUrl = registryBaseUrl(options.host, options.insecureRegistries);
    this.#fetch = options.fetch ?? fetch;
    this.#credentials = options.credentials;
    this.#chunkSize = options.chunkSize ?? 8 * 1024 * 1024;
  }

  /** GETs a manifest or index by tag or digest; RESOURCE_DOES_NOT_EXIST when absent. */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const what = `get manifest ${repository}:${reference}`;
    const response = await this.#request("GET", `/v2/${repository}/manifests/${reference}`, [pullScope(repository)], what, {
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (!response.ok) throw await registryError(this.host, what, response);
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest = sha256Digest(bytes);
    if (reference.startsWith("sha256:") && reference !== digest) {
      throw new MlflowError("INTERNAL_ERROR", `Registry ${this.host} sent manifest ${repository}@${reference} whose content has digest ${digest}`);
    }
    const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim() || mediaTypeInside(bytes);
    return { bytes, mediaType: mediaType === "application/json" ? mediaTypeInside(bytes) : mediaType, digest };
  }

  /** The digest a tag points to (HEAD, falling back to GET); RESOURCE_DOES_NOT_EXIST when absent. */
  async resolveDigest(repository: string, reference: string): Promise<string> {
    const what = `resolve ${repository}:${reference}`;
    const response = await this.#request("HEAD", `/v2/${repository}/manifests/${reference}`, [pullScope(repository)], what, {
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (!response.ok) throw await registryError(this.host, what, response);
    const header = response.headers.get("docker-content-digest");
    if (header?.startsWith("sha256:")) return header;
    return (await this.getManifest(repository, reference)).digest;
  }

  /** True when the repository already holds the blob (HEAD). */
  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const what = `check blob ${digest} in ${repository}`;
    const response = await this.#request("HEAD", `/v2/${repository}/blobs/${digest}`, [pushScope(repository)], what);
    if (response.status === 404) return false;
    if (!response.ok) throw await registryError(this.host, what, response);
    return true;
  }

  /** A small blob (an image config) in memory, digest-checked. */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const response = await this.openBlob(repository, digest);
    const bytes = Buffer.from(await response.arrayBuffer());
    const actual = sha256Digest(bytes);
    if (actual !== digest) throw new MlflowError("INTERNAL_ERROR", `Registry ${this.host} sent blob ${repository}@${digest} whose content has digest ${actual}`);
    return bytes;
  }

  /** Starts downloading a blob; the caller reads `body` as a stream. */
  async openBlob(repository: string, digest: string): Promise<Response> {
    const what = `get blob ${repository}@${digest}`;
    const response = await this.#request("GET", `/v2/${repository}/blobs/${digest}`, [pullScope(repository)], what);
    if (!response.ok) throw await registryError(this.host, what, response);
    return response;
  }

  /**
   * Asks the registry to link a blob of `fromRepository` into `repository` without sending
   * it. True when mounted; false when the registry declined (then nothing is left open).
   */
  async mountBlob(repository: string, digest: string, fromRepository: string): Promise<boolean> {
    const what = `mount ${digest} from ${fromRepository} into ${repository}`;
    const query = new URLSearchParams({ mount: digest, from: fromRepository });
    const response = await this.#request("POST", `/v2/${repository}/blobs/uploads/?${query}`, [pushScope(repository), pullScope(fromRepository)], what, {
      headers: { "content-length": "0" },
    });
    if (response.status === 201) {
      await response.arrayBuffer();
      return true;
    }
    if (response.status === 202) {
      await response.arrayBuffer();
      const location = response.headers.get("location");
      if (location) await this.#request("DELETE", location, [pushScope(repository)], `cancel upload in ${repository}`).then((r) => r.arrayBuffer()).catch(() => {});
      return false;
    }
    throw await registryError(this.host, what, response);
  }

  /**
   * Uploads a blob of `size` bytes read from `source`: one PUT when it fits in one chunk,
   * else PATCHes of `chunkSize` then a closing PUT. `onBytes` hears the bytes sent so far.
   * The registry checks the digest; a mismatch is its DIGEST_INVALID error (BAD_REQUEST).
   */
  async uploadBlob(
    repository: string,
    digest: string,
    size: number,
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    onBytes?: (sent: number) => void,
  ): Promise<void> {
    const scopes = [pushScope(repository)];
    const what = `upload blob ${digest} to ${repository}`;
    const start = await this.#request("POST", `/v2/${repository}/blobs/uploads/`, scopes, what, { headers: { "content-length": "0" } });
    if (start.status !== 202) throw await registryError(this.host, what, start);
    await start.arrayBuffer();
    let location = this.#location(start, what);
    let sent = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async (final: boolean) => {
      const body = concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      if (final) {
        const url = new URL(location);
        url.searchParams.set("digest", digest);
        const put = await this.#request("PUT", url.toString(), scopes, what, {
          headers: { "content-type": "application/octet-stream", "content-length": String(body.length) },
          body,
        });
        if (put.status !== 201) throw await registryError(this.host, what, put);
        await put.arrayBuffer();
      } else {
        const patch = await this.#request("PATCH", location, scopes, what, {
          headers: {
            "content-type": "application/octet-stream",
            "content-length": String(body.length),
            "content-range": `${sent}-${sent + body.length - 1}`,
          },
          body,
        });
        if (patch.status !== 202) throw await registryError(this.host, what, patch);
        await patch.arrayBuffer();
        location = this.#location(patch, what);
      }
      sent += body.length;
      onBytes?.(sent);
    };
    for await (const piece of source) {
      let offset = 0;
      while (offset < piece.length) {
        const take = Math.min(piece.length - offset, this.#chunkSize - pendingBytes);
        pending.push(piece.subarray(offset, offset + take));
        pendingBytes += take;
        offset += take;
        if (pendingBytes === this.#chunkSize && sent + pendingBytes < size) await flush(false);
      }
    }
    if (sent + pendingBytes !== size) {
      throw new MlflowError("INTERNAL_ERROR", `Blob ${digest} for ${repository} changed while uploading: expected ${size} bytes, read ${sent + pendingBytes}`);
    }
    await flush(true);
  }

  /** PUTs a manifest under a tag (or digest) and returns its digest, checked against the registry's. */
  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const what = `push manifest ${repository}:${reference}`;
    const response = await this.#request("PUT", `/v2/${repository}/manifests/${reference}`, [pushScope(repository)], what, {
      headers: { "content-type": mediaType, "content-length": String(bytes.length) },
      body: new Uint8Array(bytes),
    });
    if (response.status !== 201 && response.status !== 200) throw await registryError(this.host, what, response);
    await response.arrayBuffer();
    const digest = sha256Digest(bytes);
    const told = response.headers.get("docker-content-digest");
    if (told && told !== digest) throw new MlflowError("INTERNAL_ERROR", `Registry ${this.host} stored manifest ${repository}:${reference} as ${told}, expected ${digest}`);
    return digest;
  }

  #location(response: Response, what: string): string {
    const location = response.headers.get("location");
    if (!location) throw new MlflowError("INTERNAL_ERROR", `Registry ${this.host}: ${what}: the answer has no Location header`);
    return new URL(location, this.baseUrl).toString();
  }

  async #request(
    method: string,
    pathOrUrl: string,
    scopes: readonly Scope[],
    what: string,
    init: { readonly headers?: Record<string, string>; readonly body?: Uint8Array } = {},
  ): Promise<Response> {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    let challengeScopes: readonly string[] = [];
    for (let attempt = 0; ; attempt += 1) {
      const headers: Record<string, string> = { "user-agent": "sextant", ...init.headers };
      const authorization = await this.#authorization([...scopes, ...challengeScopes], attempt > 0);
      if (authorization) headers.authorization = authorization;
      let response: Response;
      try {
        response = await this.#fetch(url, { method, headers, ...(init.body ? { body: init.body } : {}), redirect: "follow" });
      } catch (error) {
        throw registryUnreachable(this.host, url, error);
      }
      if (response.status !== 401 || attempt >= 2) return response;
      const challenge = parseAuthChallenges(response.headers.get("www-authenticate")).find((c) => c.scheme === "bearer" || c.scheme === "basic");
      if (!challenge) return response;
      const hadAuthorization = authorization !== undefined;
      const known = this.#scheme === challenge.scheme && hadAuthorization;
      this.#scheme = challenge.scheme as "basic" | "bearer";
      this.#challengeParams = challenge.params;
      challengeScopes = challenge.params.scope ? challenge.params.scope.split(" ").filter((s) => s !== "") : [];
      // Same scheme already answered with what we have: the credentials are wrong.
      if (known && (challenge.scheme === "basic" || attempt >= 1)) return response;
      await response.arrayBuffer().catch(() => {});
      if (challenge.scheme === "basic" && !(await this.#loadCredential())) {
        throw new MlflowError("UNAUTHENTICATED", `Registry ${this.host}: ${what} needs a login: run \`docker login ${this.host}\` (Sextant reads ~/.docker/config.json or $DOCKER_CONFIG/config.json)`);
      }
    }
  }

  #loadCredential(): Promise<RegistryCredential | undefined> {
    this.#credential ??= this.#credentials ? this.#credentials(this.host) : Promise.resolve(undefined);
    return this.#credential;
  }

  async #authorization(scopes: readonly Scope[], refresh: boolean): Promise<string | undefined> {
    if (this.#scheme === "basic") {
      const credential = await this.#loadCredential();
      if (credential?.kind === "basic") return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString("base64")}`;
      if (credential) return `Bearer ${credential.token}`;
      return undefined;
    }
    if (this.#scheme !== "bearer") return undefined;
    const credential = await this.#loadCredential();
    if (credential?.kind === "registry-token") return `Bearer ${credential.token}`;
    const wanted = [...new Set(scopes)].sort();
    const key = wanted.join(" ");
    const cached = this.#tokens.get(key);
    if (cached && !refresh && cached.expires > Date.now()) return `Bearer ${cached.token}`;
    const token = await this.#fetchToken(wanted, credential);
    this.#tokens.set(key, token);
    return `Bearer ${token.token}`;
  }

  async #fetchToken(scopes: readonly string[], credential: RegistryCredential | undefined): Promise<{ token: string; expires: number }> {
    const realm = this.#challengeParams.realm;
    if (!realm) throw new MlflowError("UNAUTHENTICATED", `Registry ${this.host} asked for a bearer token but named no realm to get it from`);
    const service = this.#challengeParams.service;
    let response: Response;
    try {
      if (credential?.kind === "identity-token") {
        const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: credential.token, client_id: "sextant" });
        if (service) form.set("service", service);
        if (scopes.length > 0) form.set("scope", scopes.join(" "));
        response = await this.#fetch(realm, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
      } else {
        const url = new URL(realm);
        if (service) url.searchParams.set("service", service);
        for (const scope of scopes) url.searchParams.append("scope", scope);
        const headers: Record<string, string> = { "user-agent": "sextant" };
        if (credential?.kind === "basic") {
          url.searchParams.set("account", credential.username);
          headers.authorization = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString("base64")}`;
        }
        response = await this.#fetch(url, { headers });
      }
    } catch (error) {
      throw registryUnreachable(this.host, realm, error);
    }
    if (!response.ok) throw await registryError(this.host, `get a token from ${realm} for ${scopes.join(" ")}`, response);
    const body = (await response.json()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new MlflowError("UNAUTHENTICATED", `Registry ${this.host}: the token endpoint ${realm} answered without a token`);
    const seconds = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 60;
    return { token, expires: Date.now() + (seconds - 5) * 1000 };
  }
}

function mediaTypeInside(bytes: Buffer): string {
  try {
    const parsed = JSON.parse(bytes.toString("utf8")) as { mediaType?: string; manifests?: unknown };
    if (typeof parsed.mediaType === "string") return parsed.mediaType;
    return parsed.manifests ? "application/vnd.oci.image.index.v1+json" : "application/vnd.oci.image.manifest.v1+json";
  } catch {
    return "application/octet-stream";
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
