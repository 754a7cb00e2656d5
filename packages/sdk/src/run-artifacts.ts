import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { type FileInfo, MlflowError } from "@sextant/protocol";
import { joinArtifactPath, normalizeArtifactPath } from "./artifact-path.js";
import type { ArtifactRepository } from "./artifact-repository.js";
import { artifactRepositoryFor } from "./artifact-repository-for.js";
import type { HttpTransport } from "./http-transport.js";
import { toYaml } from "./to-yaml.js";

/** What artifact operations need from the tracking client. */
export interface ArtifactRunSource {
  artifactUriOf(runId: string): Promise<string>;
  listArtifacts(runId: string, path?: string): Promise<readonly FileInfo[]>;
}

const UPLOAD_CONCURRENCY = 4;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function filesUnder(dir: string, prefix = ""): Promise<{ local: string; relative: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found: { local: string; relative: string }[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const local = join(dir, entry.name);
    const relative = joinArtifactPath(prefix, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(local, relative)));
    else if (entry.isFile()) found.push({ local, relative });
  }
  return found;
}

/**
 * Uploads and downloads a run's artifacts, choosing the route from the run's artifact URI
 * (see `artifactRepositoryFor`). Errors: INVALID_PARAMETER_VALUE for bad paths or an artifact
 * store the SDK cannot reach, RESOURCE_DOES_NOT_EXIST for a missing local file, RestError
 * from the server.
 */
export class RunArtifacts {
  private readonly repositories = new Map<string, Promise<ArtifactRepository>>();

  constructor(
    private readonly transport: HttpTransport,
    private readonly runs: ArtifactRunSource,
  ) {}

  /** The repository for a run (cached: a run's artifact URI never changes). */
  repositoryFor(runId: string): Promise<ArtifactRepository> {
    let repository = this.repositories.get(runId);
    if (!repository) {
      repository = this.runs.artifactUriOf(runId).then((uri) => artifactRepositoryFor(uri, this.transport));
      repository.catch(() => this.repositories.delete(runId));
      this.repositories.set(runId, repository);
    }
    return repository;
  }

  /** Uploads one local file as `<artifactPath>/<file name>`. */
  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    const info = await stat(localPath).catch(() => undefined);
    if (!info?.isFile()) throw MlflowError.notFound(`Cannot log artifact: '${localPath}' is not a file`);
    const target = joinArtifactPath(normalizeArtifactPath(artifactPath), basename(localPath));
    await (await this.repositoryFor(runId)).uploadFile(localPath, target);
  }

  /** Uploads every file under a local folder, keeping relative paths, under `artifactPath`. */
  async logArtifacts(runId: string, localDir: string, artifactPath?: string): Promise<void> {
    const info = await stat(localDir).catch(() => undefined);
    if (!info?.isDirectory()) throw MlflowError.notFound(`Cannot log artifacts: '${localDir}' is not a folder`);
    const prefix = normalizeArtifactPath(artifactPath);
    const repository = await this.repositoryFor(runId);
    const files = await filesUnder(localDir);
    await inParallel(files, UPLOAD_CONCURRENCY, (file) =>
      repository.uploadFile(file.local, joinArtifactPath(prefix, file.relative)),
    );
  }

  /** Writes `text` (UTF-8) as the artifact `artifactFile` (a relative path with a file name). */
  async logText(runId: string, text: string, artifactFile: string): Promise<void> {
    const target = normalizeArtifactPath(artifactFile, "artifactFile");
    if (target === "") throw MlflowError.invalidParameter("artifactFile must name a file");
    await (await this.repositoryFor(runId)).uploadBytes(new TextEncoder().encode(text), target);
  }

  /** Writes `value` as YAML when `artifactFile` ends in .yaml/.yml, otherwise as indented JSON. */
  async logDict(runId: string, value: unknown, artifactFile: string): Promise<void> {
    const yaml = /\.ya?ml$/i.test(artifactFile);
    await this.logText(runId, yaml ? toYaml(value) : `${JSON.stringify(value, null, 2)}\n`, artifactFile);
  }

  /**
   * Downloads the artifact file or folder at `path` (empty: everything) into `dstDir`,
   * keeping relative paths, and returns the local path of what was downloaded.
   */
  async downloadArtifacts(runId: string, path: string, dstDir: string): Promise<string> {
    const source = normalizeArtifactPath(path, "path");
    const repository = await this.repositoryFor(runId);
    const parent = source.includes("/") ? source.slice(0, source.lastIndexOf("/")) : "";
    const siblings = source === "" ? [] : await this.runs.listArtifacts(runId, parent);
    const asFile = siblings.find((entry) => entry.path === source && !entry.is_dir);
    if (asFile) {
      const local = join(dstDir, source);
      await repository.downloadFile(source, local);
      return local;
    }
    const files = await this.filesIn(runId, source);
    if (files.length === 0 && source !== "" && !siblings.some((entry) => entry.path === source)) {
      throw MlflowError.notFound(`No artifact '${source}' in run ${runId}`);
    }
    await inParallel(files, UPLOAD_CONCURRENCY, (file) => repository.downloadFile(file, join(dstDir, file)));
    return join(dstDir, source);
  }

  private async filesIn(runId: string, dir: string): Promise<string[]> {
    const files: string[] = [];
    for (const entry of await this.runs.listArtifacts(runId, dir)) {
      if (entry.path === dir) continue;
      if (entry.is_dir) files.push(...(await this.filesIn(runId, entry.path)));
      else files.push(entry.path);
    }
    return files;
  }
}
