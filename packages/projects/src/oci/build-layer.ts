import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants, createGzip } from "node:zlib";
import { compareBytes, type LayerFile } from "./project-files.js";
import { TarWriter } from "./tar-writer.js";

/** A gzip-compressed layer written to a file, with its two digests. */
export interface BuiltLayer {
  readonly file: string;
  /** sha256 of the compressed bytes: the blob's digest in the registry. */
  readonly digest: string;
  /** sha256 of the uncompressed tar: the `diff_id` in the image config. */
  readonly diffId: string;
  /** Compressed size in bytes. */
  readonly size: number;
  /** Number of files, folders and links in it. */
  readonly entries: number;
}

/**
 * Writes `files` as a reproducible gzip-compressed tar layer to `file`, every path placed
 * under `rootFolder` (e.g. `mlflow/projects/code`), with the folders above each entry added,
 * entries sorted by path, fixed times and owners (see `TarWriter`) and gzip at a fixed level
 * with no name or time in its header: the same files always give the same digest.
 * Throws INTERNAL_ERROR when a file changes while it is read, or the file system's error.
 */
export async function buildLayer(files: readonly LayerFile[], rootFolder: string, file: string): Promise<BuiltLayer> {
  const entries = new Map<string, LayerFile>();
  const addFolder = (path: string) => {
    if (!entries.has(path)) entries.set(path, { path, kind: "directory", mode: 0o755, size: 0 });
  };
  const root = rootFolder.replace(/^\/+|\/+$/g, "");
  const rootParts = root === "" ? [] : root.split("/");
  for (let i = 1; i <= rootParts.length; i += 1) addFolder(rootParts.slice(0, i).join("/"));
  for (const entry of files) {
    const path = root === "" ? entry.path : `${root}/${entry.path}`;
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i += 1) addFolder(parts.slice(0, i).join("/"));
    entries.set(path, { ...entry, path });
  }
  const ordered = [...entries.values()].sort((a, b) => compareBytes(a.path, b.path));

  const diffHash = createHash("sha256");
  const blobHash = createHash("sha256");
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      diffHash.update(chunk);
      callback(null, chunk);
    },
  });
  const digestTee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      blobHash.update(chunk);
      callback(null, chunk);
    },
  });
  const done = pipeline(tee, createGzip({ level: 6, strategy: constants.Z_DEFAULT_STRATEGY }), digestTee, createWriteStream(file));
  const tar = new TarWriter(tee);
  try {
    for (const entry of ordered) {
      if (entry.kind === "directory") await tar.addDirectory(entry.path, entry.mode);
      else if (entry.kind === "symlink") await tar.addSymlink(entry.path, entry.linkTarget ?? "");
      else await tar.addFile(entry.path, entry.mode, entry.size, createReadStream(entry.source!, { highWaterMark: 1024 * 1024 }));
    }
    await tar.finish();
    tee.end();
    await done;
  } catch (error) {
    tee.destroy(error as Error);
    await done.catch(() => {});
    throw error;
  }
  return {
    file,
    digest: `sha256:${blobHash.digest("hex")}`,
    diffId: `sha256:${diffHash.digest("hex")}`,
    size: (await stat(file)).size,
    entries: ordered.length,
  };
}
