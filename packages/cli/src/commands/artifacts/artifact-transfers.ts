import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type FileInfo, MlflowError } from "@sextant/protocol";
import type { ArtifactStore } from "@sextant/server";
import { normalizeArtifactPath } from "@sextant/server";
import type { TransferProgress } from "./transfer-progress.js";

const joinPath = (...parts: string[]) => parts.filter((part) => part !== "").join("/");

/** Uploads one local file to `<artifactPath>/<file name>`, streamed. Returns the artifact path. */
export async function uploadFile(store: ArtifactStore, localFile: string, artifactPath: string, progress: TransferProgress, counted = false): Promise<string> {
  const info = await stat(localFile).catch((error: unknown) => {
    throw MlflowError.invalidParameter(`Cannot read --local-file '${localFile}': ${(error as NodeJS.ErrnoException).code ?? error}.`);
  });
  if (!info.isFile()) throw MlflowError.invalidParameter(`--local-file '${localFile}' is not a file (use log-artifacts for a folder).`);
  if (!counted) progress.expect(info.size);
  const target = joinPath(artifactPath, basename(localFile));
  progress.file(target);
  const source = createReadStream(localFile);
  const metered = source.pipe(progress.meter());
  source.on("error", (error) => metered.destroy(error));
  await store.write(target, metered, { size: info.size });
  return target;
}

async function localFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}

/** Uploads every file under `localDir`, keeping its relative layout under `artifactPath`. */
export async function uploadDirectory(store: ArtifactStore, localDir: string, artifactPath: string, progress: TransferProgress): Promise<readonly string[]> {
  const info = await stat(localDir).catch(() => undefined);
  if (!info?.isDirectory()) throw MlflowError.invalidParameter(`--local-dir '${localDir}' is not a folder.`);
  const files = await localFiles(localDir);
  for (const file of files) progress.expect((await stat(file)).size);
  const uploaded: string[] = [];
  for (const file of files) {
    const folder = relative(localDir, dirname(file)).split(sep).filter(Boolean).join("/");
    uploaded.push(await uploadFile(store, file, joinPath(artifactPath, folder), progress, true));
  }
  return uploaded;
}

/** Every file under the artifact folder `path`, recursively; listed paths are checked before use. */
async function remoteFiles(store: ArtifactStore, path: string): Promise<FileInfo[]> {
  const files: FileInfo[] = [];
  for (const entry of await store.list(path)) {
    const checked = normalizeArtifactPath(entry.path, "listed artifact path");
    if (path !== "" && !checked.startsWith(`${path}/`)) {
      throw new MlflowError("INTERNAL_ERROR", `The server listed '${entry.path}' under '${path}'; refusing to write it.`);
    }
    if (entry.is_dir) files.push(...(await remoteFiles(store, checked)));
    else files.push({ ...entry, path: checked });
  }
  return files;
}

async function downloadOne(store: ArtifactStore, path: string, target: string, progress: TransferProgress, opened?: Readable): Promise<void> {
  progress.file(path);
  const body = opened ?? (await store.read(path)).body;
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.partial-${randomBytes(4).toString("hex")}`;
  try {
    await pipeline(body, progress.meter(), createWriteStream(partial, { flags: "wx" }));
    await rename(partial, target);
  } catch (error) {
    await unlink(partial).catch(() => {});
    throw error;
  }
}

/**
 * Downloads the artifact file or folder `artifactPath` ("" for all of the run's artifacts)
 * into `dstDir`, at `dstDir/<artifactPath>` as MLflow does, each file written under a
 * temporary name and renamed when complete. Returns the local path of what was downloaded.
 * RESOURCE_DOES_NOT_EXIST when nothing is at `artifactPath`.
 */
export async function downloadArtifacts(store: ArtifactStore, artifactPath: string, dstDir: string, progress: TransferProgress): Promise<string> {
  const path = normalizeArtifactPath(artifactPath, "--artifact-path");
  const local = path === "" ? dstDir : join(dstDir, ...path.split("/"));
  const files = await remoteFiles(store, path);
  if (files.length === 0 && path !== "") {
    const { body, size } = await store.read(path);
    progress.expect(Math.max(size, 0));
    await downloadOne(store, path, local, progress, body);
    return local;
  }
  for (const file of files) progress.expect(file.file_size ?? 0);
  await mkdir(local, { recursive: true });
  for (const file of files) await downloadOne(store, file.path, join(dstDir, ...file.path.split("/")), progress);
  return local;
}
