import type { Readable } from "node:stream";
import { type FileInfo, MlflowError } from "@sextant/protocol";
import type { TrackingStore } from "../stores/tracking-store.js";
import type {
  ArtifactReadResult,
  ArtifactStore,
  ArtifactWriteOptions,
  CreateMultipartUploadResult,
  MultipartUploadPart,
  MultipartUploads,
} from "./artifact-store.js";
import { artifactBaseName, joinArtifactPath, normalizeArtifactPath } from "./artifact-path.js";
import type { ArtifactStoreRegistry } from "./artifact-store-registry.js";
import { artifactUriScheme } from "./artifact-uri.js";
import { createArtifactStoreRegistry } from "./builtin-artifact-stores.js";
import { guessContentType } from "./content-type.js";

/** MLflow's message when a destination cannot do multipart uploads; clients test for its start. */
export const MULTIPART_UNSUPPORTED_MESSAGE = "Multipart upload is not supported for the current artifact repository";

export interface ArtifactServiceOptions {
  readonly tracking: Pick<TrackingStore, "getRun">;
  /** True when the server proxies artifacts (`--serve-artifacts`). */
  readonly serveArtifacts: boolean;
  /** Where proxied artifacts live (`--artifacts-destination`): a local path, `file:` or `s3:` URI. */
  readonly artifactsDestination: string;
  /** `--default-artifact-root`; when local, run artifacts under it may be served too. */
  readonly defaultArtifactRoot?: string;
  /** Store plugins to use instead of the built-ins (e.g. with third-party schemes). */
  readonly registry?: ArtifactStoreRegistry;
}

/** The run artifact listing `artifacts/list` answers. */
export interface RunArtifactListing {
  readonly root_uri: string;
  readonly files: readonly FileInfo[];
}

/**
 * Artifact operations behind the REST routes: run artifacts (`artifacts/list`, `/get-artifact`)
 * resolved through the run's artifact URI, and the `mlflow-artifacts` proxy on the artifacts
 * destination. Validates every client path (INVALID_PARAMETER_VALUE), opens stores only for
 * safe locations inside the server's roots, and never buffers bodies.
 */
export class ArtifactService {
  readonly registry: ArtifactStoreRegistry;
  private destinationStore: ArtifactStore | undefined;

  constructor(private readonly options: ArtifactServiceOptions) {
    if (artifactUriScheme(options.artifactsDestination) === "mlflow-artifacts") {
      throw MlflowError.invalidParameter("--artifacts-destination cannot itself be an mlflow-artifacts: URI.");
    }
    const localRoots = [options.artifactsDestination, options.defaultArtifactRoot].filter(
      (root): root is string => root !== undefined && ["", "file"].includes(artifactUriScheme(root)),
    );
    this.registry =
      options.registry ??
      createArtifactStoreRegistry({
        allowedLocalRoots: localRoots,
        ...(options.serveArtifacts ? { mlflowArtifactsDestination: () => this.destination() } : {}),
      });
  }

  /** Direct children of `path` in the run's artifacts, paths relative to the run's root. */
  async listRunArtifacts(runId: string, path?: string): Promise<RunArtifactListing> {
    const relative = path === undefined ? "" : normalizeArtifactPath(path);
    const run = await this.options.tracking.getRun(runId);
    const store = this.registry.open(run.info.artifact_uri);
    return { root_uri: run.info.artifact_uri, files: await store.list(relative) };
  }

  /** Opens one run artifact file. RESOURCE_DOES_NOT_EXIST for a missing run or file. */
  async readRunArtifact(runId: string, path: string): Promise<ArtifactReadResult> {
    const relative = this.requiredPath(path, "path");
    const run = await this.options.tracking.getRun(runId);
    return this.registry.open(run.info.artifact_uri).read(relative);
  }

  /** Writes one run artifact file (the UI's small uploads). */
  async writeRunArtifact(runId: string, path: string, body: Readable, options?: ArtifactWriteOptions): Promise<void> {
    const relative = this.requiredPath(path, "path");
    const run = await this.options.tracking.getRun(runId);
    await this.registry.open(run.info.artifact_uri).write(relative, body, {
      contentType: guessContentType(relative),
      ...options,
    });
  }

  /** Proxy list: direct children of `path` on the destination, as base names (MLflow's shape). */
  async listProxied(path?: string): Promise<readonly FileInfo[]> {
    const relative = path === undefined ? "" : normalizeArtifactPath(path);
    const infos = await this.destination().list(relative);
    return infos.map((info) => ({ ...info, path: artifactBaseName(info.path) }));
  }

  /** Proxy download. */
  readProxied(path: string): Promise<ArtifactReadResult> {
    return this.destination().read(this.requiredPath(path, "artifact_path"));
  }

  /** Proxy upload, streamed and atomic. */
  writeProxied(path: string, body: Readable, options?: ArtifactWriteOptions): Promise<void> {
    const relative = this.requiredPath(path, "artifact_path");
    return this.destination().write(relative, body, { contentType: guessContentType(relative), ...options });
  }

  /** Proxy delete of a file or folder; the destination's root itself cannot be deleted. */
  deleteProxied(path: string): Promise<void> {
    return this.destination().delete(this.requiredPath(path, "artifact_path"));
  }

  /**
   * `mpu/create/<folder>`: starts a multipart upload of `<folder>/<base name of localFile>`.
   * NOT_IMPLEMENTED with MLflow's message when the destination cannot (local folders), which
   * makes MLflow clients fall back to a single streamed PUT.
   */
  createMultipartUpload(folder: string, localFile: string, numParts: number): Promise<CreateMultipartUploadResult> {
    const { multipart, target } = this.multipartTarget(folder, localFile);
    return multipart.create(target, numParts);
  }

  /** `mpu/complete/<folder>`. */
  completeMultipartUpload(folder: string, localFile: string, uploadId: string, parts: readonly MultipartUploadPart[]): Promise<void> {
    const { multipart, target } = this.multipartTarget(folder, localFile);
    if (uploadId === "") throw MlflowError.invalidParameter("Missing value for required parameter 'upload_id'.");
    if (parts.length === 0) throw MlflowError.invalidParameter("Missing value for required parameter 'parts'.");
    return multipart.complete(target, uploadId, parts);
  }

  /** `mpu/abort/<folder>`. */
  abortMultipartUpload(folder: string, localFile: string, uploadId: string): Promise<void> {
    const { multipart, target } = this.multipartTarget(folder, localFile);
    if (uploadId === "") throw MlflowError.invalidParameter("Missing value for required parameter 'upload_id'.");
    return multipart.abort(target, uploadId);
  }

  /** Releases the stores' connections. */
  close(): Promise<void> {
    return this.registry.close();
  }

  private destination(): ArtifactStore {
    this.destinationStore ??= this.registry.open(this.options.artifactsDestination);
    return this.destinationStore;
  }

  private requiredPath(path: string, field: string): string {
    const relative = normalizeArtifactPath(path, field);
    if (relative === "") throw MlflowError.invalidParameter(`Missing value for required parameter '${field}'.`);
    return relative;
  }

  private multipartTarget(folder: string, localFile: string): { multipart: MultipartUploads; target: string } {
    const directory = normalizeArtifactPath(folder, "artifact_path");
    // MLflow clients send their local file path; only its last segment names the artifact.
    const name = localFile.split(/[/\\]/).pop() ?? "";
    if (name === "") throw MlflowError.invalidParameter("Missing value for required parameter 'path'.");
    const fileName = normalizeArtifactPath(name, "path");
    if (fileName === "") throw MlflowError.invalidParameter(`Invalid path '${localFile}' for 'path': it names no file.`);
    const multipart = this.destination().multipart;
    if (!multipart) throw new MlflowError("NOT_IMPLEMENTED", MULTIPART_UNSUPPORTED_MESSAGE);
    return { multipart, target: joinArtifactPath(directory, fileName) };
  }
}
