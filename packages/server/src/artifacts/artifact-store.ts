import type { Readable } from "node:stream";
import type { FileInfo } from "@sextant/protocol";

/** An artifact opened for reading: its bytes as a stream and its size in bytes. */
export interface ArtifactReadResult {
  readonly body: Readable;
  readonly size: number;
}

/** Hints for a write; stores use them to pick an upload strategy and to check the body. */
export interface ArtifactWriteOptions {
  /** Bytes the body will carry, when the caller knows (e.g. an HTTP Content-Length). */
  readonly size?: number;
  readonly contentType?: string;
}

/** One presigned URL a client PUTs one part of a multipart upload to (mlflow_artifacts.proto). */
export interface MultipartUploadCredential {
  readonly url: string;
  readonly part_number: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** Answer of `mpu/create`: the upload id and one credential per part. */
export interface CreateMultipartUploadResult {
  readonly upload_id: string;
  readonly credentials: readonly MultipartUploadCredential[];
}

/** A part the client uploaded, as `mpu/complete` lists it. */
export interface MultipartUploadPart {
  readonly part_number: number;
  readonly etag: string;
}

/**
 * Client-driven multipart uploads (S3-style): the store hands out presigned part URLs, the
 * client uploads parts straight to the storage, then completes or aborts.
 */
export interface MultipartUploads {
  /** Starts an upload of `path` split in `numParts` parts. INVALID_PARAMETER_VALUE on a bad count. */
  create(path: string, numParts: number): Promise<CreateMultipartUploadResult>;
  /** Assembles the parts into the object at `path`; until then nothing is visible there. */
  complete(path: string, uploadId: string, parts: readonly MultipartUploadPart[]): Promise<void>;
  /** Drops the upload and every part sent so far. */
  abort(path: string, uploadId: string): Promise<void>;
}

/**
 * A place artifacts live: a local folder, an S3 prefix, ... Paths are relative, `/`-separated
 * and already validated (see `normalizeArtifactPath`); the empty path is the store's root.
 * Bodies are streamed both ways, never held in memory whole.
 */
export interface ArtifactStore {
  /** The URI this store was opened from. */
  readonly uri: string;
  /**
   * The direct children of the folder `path`, sorted by path; paths are relative to the
   * store's root. A missing folder or a file lists as empty, as MLflow does.
   */
  list(path?: string): Promise<readonly FileInfo[]>;
  /** Opens the file at `path`. RESOURCE_DOES_NOT_EXIST when absent or a folder. */
  read(path: string): Promise<ArtifactReadResult>;
  /**
   * Writes `body` to `path` atomically: readers see the old content or the whole new one,
   * never a part. If the body fails or ends short of `options.size`, nothing is left behind.
   */
  write(path: string, body: Readable, options?: ArtifactWriteOptions): Promise<void>;
  /** Deletes the file at `path` or everything under the folder `path`; missing is not an error. */
  delete(path: string): Promise<void>;
  /** Present on stores that support client-driven multipart uploads (S3). */
  readonly multipart?: MultipartUploads;
}
