import { cp, mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type FileInfo, MlflowError } from "@sextant/protocol";
import { artifactRepositoryFor } from "../artifact-repository-for.js";
import type { HttpTransport } from "../http-transport.js";
import { toQueryString } from "../query-string.js";

/** The local folder of a `file:` URI or a plain path, else undefined. */
export function localFolderOf(uri: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || (scheme.length === 1 && isAbsolute(uri))) return resolve(uri);
  if (scheme === "file") return fileURLToPath(uri);
  return undefined;
}

/** The proxy path of an `mlflow-artifacts:` URI (`mlflow-artifacts:/1/abc` -> `1/abc`). */
function proxyPath(uri: string): string {
  const rest = uri.slice("mlflow-artifacts:".length);
  const path = rest.startsWith("//") ? new URL(`http:${rest}`).pathname : rest;
  return path.replace(/^\/+/, "").replace(/\/+$/, "");
}

async function listProxied(transport: HttpTransport, path: string): Promise<readonly FileInfo[]> {
  const answer = (await transport.json("GET", `/api/2.0/mlflow-artifacts/artifacts${toQueryString({ path })}`)) as {
    files?: FileInfo[];
  };
  return answer.files ?? [];
}

/**
 * Makes a model folder available locally and returns its path: a local folder (plain path or
 * `file:`) is used in place; an `mlflow-artifacts:` folder is downloaded file by file through
 * the server's proxy into a fresh temporary folder (or `dstDir`). INVALID_PARAMETER_VALUE for
 * a location the SDK cannot read (s3:, gs:, ...: serve artifacts through the server),
 * RESOURCE_DOES_NOT_EXIST when the folder is empty or missing.
 */
export async function downloadModelFolder(
  artifactUri: string,
  transport: HttpTransport | undefined,
  dstDir?: string,
): Promise<string> {
  const local = localFolderOf(artifactUri);
  if (local !== undefined) {
    const info = await stat(local).catch(() => undefined);
    if (!info?.isDirectory()) throw MlflowError.notFound(`Model folder ${local} does not exist.`);
    if (dstDir === undefined) return local;
    await cp(local, dstDir, { recursive: true });
    return dstDir;
  }
  if (!/^mlflow-artifacts:/i.test(artifactUri)) {
    throw MlflowError.invalidParameter(
      `Cannot download the model at '${artifactUri}': the SDK reads local folders and mlflow-artifacts: locations; ` +
        "start the tracking server with --serve-artifacts so it proxies the artifact store.",
    );
  }
  if (transport === undefined) {
    throw MlflowError.invalidParameter(`Reading '${artifactUri}' needs a tracking server: pass a client or set MLFLOW_TRACKING_URI.`);
  }
  const root = proxyPath(artifactUri);
  const target = dstDir ?? (await mkdtemp(join(tmpdir(), "sextant-model-")));
  const repository = artifactRepositoryFor(artifactUri, transport);
  const files: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await listProxied(transport, relative === "" ? root : `${root}/${relative}`)) {
      const child = relative === "" ? entry.path : `${relative}/${entry.path}`;
      if (entry.is_dir) await walk(child);
      else files.push(child);
    }
  };
  await walk("");
  if (files.length === 0) throw MlflowError.notFound(`No model files at '${artifactUri}'.`);
  for (const file of files) await repository.downloadFile(file, join(target, file));
  return target;
}
