import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { MlflowError } from "@sextant/protocol";
import { DOCKER_HUB, DOCKER_HUB_API_HOST } from "./image-reference.js";

/** Credentials for one registry, as `docker login` stores them. */
export type RegistryCredential =
  | { readonly kind: "basic"; readonly username: string; readonly password: string }
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the registry's token endpoint. */
  | { readonly kind: "identity-token"; readonly token: string }
  /** A bearer token sent as is (`registrytoken`). */
  | { readonly kind: "registry-token"; readonly token: string };

/** Finds credentials for a registry host (`host[:port]`); undefined means anonymous. */
export type CredentialLookup = (host: string) => Promise<RegistryCredential | undefined>;

interface AuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

interface DockerConfigFile {
  readonly auths?: Readonly<Record<string, AuthEntry>>;
  readonly credsStore?: string;
  readonly credHelpers?: Readonly<Record<string, string>>;
}

/** Where to find Docker's config: `DOCKER_CONFIG` (a folder) or `~/.docker`. */
export interface DockerCredentialsOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
}

/**
 * Reads credentials the way the Docker CLI does, from `$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`: `auths` entries (`auth` = base64 `user:password`, or
 * `username`/`password`, `identitytoken`, `registrytoken`), then `credHelpers` and
 * `credsStore` (running `docker-credential-<name> get`). Docker Hub entries are found under
 * any of their usual keys (`https://index.docker.io/v1/`, `docker.io`, ...). A missing
 * config file means anonymous access. The lookup rejects with INVALID_PARAMETER_VALUE when
 * the file is not valid JSON or an `auth` value cannot be decoded, and with
 * UNAUTHENTICATED when a credential helper fails.
 */
export function dockerCredentials(options: DockerCredentialsOptions = {}): CredentialLookup {
  const env = options.env ?? process.env;
  const dir = env.DOCKER_CONFIG && env.DOCKER_CONFIG !== "" ? env.DOCKER_CONFIG : join(options.home ?? homedir(), ".docker");
  const file = join(dir, "config.json");
  let loaded: Promise<DockerConfigFile> | undefined;
  const load = () => {
    loaded ??= readConfig(file);
    return loaded;
  };
  return async (host) => {
    const config = await load();
    const keys = candidateKeys(host);
    const helper = keys.map((k) => config.credHelpers?.[k]).find((h) => h !== undefined);
    if (helper) return fromHelper(helper, keys[0]!, env);
    for (const key of keys) {
      const entry = config.auths?.[key];
      if (entry) {
        const credential = fromEntry(entry, key, file);
        if (credential) return credential;
      }
    }
    if (config.credsStore) return fromHelper(config.credsStore, keys[0]!, env, true);
    return undefined;
  };
}

async function readConfig(file: string): Promise<DockerConfigFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as DockerConfigFile) : {};
  } catch (error) {
    throw new MlflowError("INVALID_PARAMETER_VALUE", `Docker config ${file} is not valid JSON: fix or remove it`, { cause: error });
  }
}

function candidateKeys(host: string): string[] {
  const hub = host === DOCKER_HUB || host === DOCKER_HUB_API_HOST || host === "index.docker.io";
  if (hub) return ["https://index.docker.io/v1/", "index.docker.io", "docker.io", DOCKER_HUB_API_HOST, "https://index.docker.io/v1", "https://registry-1.docker.io"];
  return [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`, `http://${host}/v2/`];
}

function fromEntry(entry: AuthEntry, key: string, file: string): RegistryCredential | undefined {
  if (entry.identitytoken) return { kind: "identity-token", token: entry.identitytoken };
  if (entry.registrytoken) return { kind: "registry-token", token: entry.registrytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw MlflowError.invalidParameter(`Docker config ${file}: auths["${key}"].auth is not base64 of 'user:password'; run docker login again`);
    return { kind: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username !== undefined && entry.password !== undefined) return { kind: "basic", username: entry.username, password: entry.password };
  return undefined;
}

function fromHelper(
  helper: string,
  server: string,
  env: Readonly<Record<string, string | undefined>>,
  missingIsAnonymous = false,
): Promise<RegistryCredential | undefined> {
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ["get"], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        const text = `${String(stderr)}${String(stdout)}`.trim();
        if (/credentials not found/i.test(text) || (missingIsAnonymous && (error as NodeJS.ErrnoException).code === "ENOENT")) {
          resolve(undefined);
          return;
        }
        reject(new MlflowError("UNAUTHENTICATED", `Credential helper docker-credential-${helper} failed for ${server}: ${text || error.message}`, { cause: error }));
        return;
      }
      try {
        const answer = JSON.parse(String(stdout)) as { Username?: string; Secret?: string };
        if (!answer.Secret) resolve(undefined);
        else if (answer.Username === "<token>") resolve({ kind: "identity-token", token: answer.Secret });
        else resolve({ kind: "basic", username: answer.Username ?? "", password: answer.Secret });
      } catch (parseError) {
        reject(new MlflowError("UNAUTHENTICATED", `Credential helper docker-credential-${helper} printed no JSON for ${server}`, { cause: parseError }));
      }
    });
    child.stdin?.end(server);
  });
}
