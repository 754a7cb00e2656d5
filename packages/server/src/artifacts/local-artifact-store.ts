import { randomBytes } from "node:crypto";
import { constants, createWriteStream } from "node:fs";
import { lstat, mkdir, open, readdir, readlink, realpath, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type FileInfo, MlflowError } from "@sextant/protocol";
import type { ArtifactReadResult, ArtifactStore, ArtifactWriteOptions } from "./artifact-store.js";
import { joinArtifactPath } from "./artifact-path.js";
import { BodyLengthCheck } from "./body-length-check.js";
import { artifactNotFound, asStoreError, systemErrorCode } from "./store-errors.js";

/** Uploads in flight are written under this prefix next to their final name, then renamed. */
export const PARTIAL_UPLOAD_PREFIX = ".sextant-partial-";

const MISSING = new Set(["ENOENT", "ENOTDIR"]);

function isWithin(base: string, candidate: string): boolean {
  return candidate === base || candidate.startsWith(base.endsWith(sep) ? base : base + sep);
}

function outsideRoot(path: string): MlflowError {
  return MlflowError.invalidParameter(
    `Invalid path '${path}': it resolves outside the artifact root (through a symbolic link).`,
  );
}

/**
 * Artifacts in a local folder (`/abs/path`, `./relative`, `file:///abs/path`).
 * Every path is resolved with symbolic links followed and must stay inside the real root:
 * a link inside the store that points elsewhere is refused (INVALID_PARAMETER_VALUE) for
 * reads, writes and deletes, and hidden from listings. Writes go to a temporary file in the
 * target folder, are flushed, then renamed over the final name.
 */
export class LocalArtifactStore implements ArtifactStore {
  constructor(
    readonly uri: string,
    /** Absolute path of the root folder; it need not exist yet. */
    private readonly root: string,
  ) {}

  async list(path = ""): Promise<readonly FileInfo[]> {
    const folder = join(this.root, path);
    await this.assertInside(folder, path);
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (MISSING.has(systemErrorCode(error) ?? "")) return [];
      throw asStoreError(`Listing artifacts under '${path}'`, error);
    }
    const realRoot = await this.realRoot();
    const infos: FileInfo[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith(PARTIAL_UPLOAD_PREFIX)) continue;
      const childPath = joinArtifactPath(path, entry.name);
      const info = await this.describe(join(folder, entry.name), childPath, realRoot);
      if (info) infos.push(info);
    }
    return infos.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async read(path: string): Promise<ArtifactReadResult> {
    if (path === "") throw artifactNotFound(path);
    const file = join(this.root, path);
    await this.assertInside(file, path);
    let handle: import("node:fs/promises").FileHandle;
    try {
      handle = await open(file, constants.O_RDONLY);
    } catch (error) {
      const code = systemErrorCode(error) ?? "";
      if (MISSING.has(code) || code === "EISDIR") throw artifactNotFound(path, error);
      throw asStoreError(`Reading artifact '${path}'`, error);
    }
    try {
      await this.assertOpenedInside(handle.fd, path);
      const info = await handle.stat();
      if (!info.isFile()) throw artifactNotFound(path);
      return { body: handle.createReadStream(), size: info.size };
    } catch (error) {
      await handle.close();
      throw asStoreError(`Reading artifact '${path}'`, error);
    }
  }

  async write(path: string, body: Readable, options: ArtifactWriteOptions = {}): Promise<void> {
    if (path === "") throw MlflowError.invalidParameter("An artifact path is required to write a file.");
    const file = join(this.root, path);
    const folder = dirname(file);
    const partial = join(folder, `${PARTIAL_UPLOAD_PREFIX}${randomBytes(8).toString("hex")}`);
    try {
      await this.assertInside(folder, path);
      await mkdir(folder, { recursive: true });
      await this.assertInside(folder, path);
      await pipeline(body, new BodyLengthCheck(options.size), createWriteStream(partial, { flags: "wx", flush: true }));
      await rename(partial, file);
    } catch (error) {
      // pipeline() has already destroyed the streams it ran; a body refused before it ran is left
      // to its owner (an HTTP request must stay open so the error can be answered).
      await unlink(partial).catch(() => {});
      const code = systemErrorCode(error);
      if (code === "EISDIR") throw MlflowError.invalidParameter(`Cannot write artifact '${path}': a folder has that name.`);
      if (code === "ENOTDIR" || code === "EEXIST") {
        throw MlflowError.invalidParameter(`Cannot write artifact '${path}': a file is in the way of its folder.`);
      }
      throw asStoreError(`Writing artifact '${path}'`, error);
    }
  }

  async delete(path: string): Promise<void> {
    const target = join(this.root, path);
    await this.assertInside(dirname(target), path);
    try {
      // rm looks at the link itself, so deleting a symbolic link never touches what it points to.
      await rm(target, { recursive: true, force: true });
    } catch (error) {
      throw asStoreError(`Deleting artifact '${path}'`, error);
    }
  }

  private async realRoot(): Promise<string> {
    try {
      return await realpath(this.root);
    } catch {
      return this.root;
    }
  }

  /** Refuses `absolute` if its deepest existing ancestor (itself included) resolves outside the root. */
  private async assertInside(absolute: string, path: string): Promise<void> {
    const realRoot = await this.realRoot();
    let probe = absolute;
    for (;;) {
      try {
        if (!isWithin(realRoot, await realpath(probe))) throw outsideRoot(path);
        return;
      } catch (error) {
        if (!MISSING.has(systemErrorCode(error) ?? "")) throw error;
        if (probe === this.root || !isWithin(this.root, probe)) return;
        probe = dirname(probe);
      }
    }
  }

  /** Closes the window between the check and the open: the opened file itself must be inside. */
  private async assertOpenedInside(fd: number, path: string): Promise<void> {
    let opened: string;
    try {
      opened = await readlink(`/proc/self/fd/${fd}`);
    } catch {
      return; // no /proc (not Linux): the path check before opening stands alone
    }
    if (!isWithin(await this.realRoot(), opened)) throw outsideRoot(path);
  }

  private async describe(absolute: string, path: string, realRoot: string): Promise<FileInfo | undefined> {
    try {
      let info = await lstat(absolute);
      if (info.isSymbolicLink()) {
        if (!isWithin(realRoot, await realpath(absolute))) return undefined;
        info = await stat(absolute);
      }
      if (info.isDirectory()) return { path, is_dir: true };
      if (info.isFile()) return { path, is_dir: false, file_size: info.size };
      return undefined;
    } catch (error) {
      if (MISSING.has(systemErrorCode(error) ?? "")) return undefined; // dangling link or deleted meanwhile
      throw asStoreError(`Listing artifact '${path}'`, error);
    }
  }
}
