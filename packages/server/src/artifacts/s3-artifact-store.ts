import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Readable } from "node:stream";
import { type FileInfo, MlflowError } from "@sextant/protocol";
import type {
  ArtifactReadResult,
  ArtifactStore,
  ArtifactWriteOptions,
  CreateMultipartUploadResult,
  MultipartUploadPart,
  MultipartUploads,
} from "./artifact-store.js";
import { joinArtifactPath } from "./artifact-path.js";
import { BodyLengthCheck } from "./body-length-check.js";
import { s3Error } from "./s3-errors.js";
import type { S3Location } from "./s3-location.js";
import { artifactNotFound } from "./store-errors.js";

/** S3's bounds on a multipart upload's part count. */
export const MAX_MULTIPART_PARTS = 10_000;
/** S3's smallest part (all but the last). */
const MIN_PART_SIZE = 5 * 1024 * 1024;

export interface S3ArtifactStoreOptions {
  /** Part size for streamed uploads (default 5 MiB, S3's minimum): memory per upload is about partSize * (queueSize + 1). */
  readonly partSize?: number;
  /** Parts uploaded in parallel per streamed upload (default 2). */
  readonly queueSize?: number;
  /** Lifetime of presigned part URLs in seconds (default 3600, as boto3's). */
  readonly presignExpiresIn?: number;
}

/**
 * Artifacts under `s3://bucket/prefix` (AWS S3 or an S3-compatible endpoint). Folders are key
 * prefixes. Writes stream through `@aws-sdk/lib-storage`'s Upload (one PUT for small bodies,
 * a multipart upload for large ones, aborted on failure), so an object appears whole or not
 * at all. Errors map to MlflowError codes (see `s3Error`).
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly multipart: MultipartUploads;

  constructor(
    readonly uri: string,
    private readonly client: S3Client,
    private readonly location: S3Location,
    private readonly options: S3ArtifactStoreOptions = {},
  ) {
    this.multipart = {
      create: (path, numParts) => this.createMultipartUpload(path, numParts),
      complete: (path, uploadId, parts) => this.completeMultipartUpload(path, uploadId, parts),
      abort: (path, uploadId) => this.abortMultipartUpload(path, uploadId),
    };
  }

  async list(path = ""): Promise<readonly FileInfo[]> {
    const base = this.key(path);
    const listPrefix = base === "" ? "" : `${base}/`;
    const rootPrefix = this.location.prefix === "" ? "" : `${this.location.prefix}/`;
    const relative = (key: string) => {
      if (!key.startsWith(rootPrefix)) {
        throw new MlflowError("INTERNAL_ERROR", `Listed S3 key '${key}' is outside the prefix '${rootPrefix}'.`);
      }
      return key.slice(rootPrefix.length).replace(/\/+$/, "");
    };
    const infos: FileInfo[] = [];
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.location.bucket,
            Prefix: listPrefix,
            Delimiter: "/",
            ContinuationToken: token,
          }),
        );
      } catch (error) {
        throw s3Error(`Listing '${path}'`, this.uri, error);
      }
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix) infos.push({ path: relative(common.Prefix), is_dir: true });
      }
      for (const object of page.Contents ?? []) {
        // Keys ending in "/" are folder markers some tools create; the folder lists through its prefix.
        if (!object.Key || object.Key.endsWith("/")) continue;
        infos.push({ path: relative(object.Key), is_dir: false, file_size: Number(object.Size ?? 0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return infos.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async read(path: string): Promise<ArtifactReadResult> {
    if (path === "") throw artifactNotFound(path);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(path) }));
      if (!(object.Body instanceof Readable)) {
        throw new MlflowError("INTERNAL_ERROR", `S3 returned no readable body for '${path}'.`);
      }
      return { body: object.Body, size: Number(object.ContentLength ?? 0) };
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name === "NoSuchKey" || name === "NotFound") throw artifactNotFound(path, error);
      throw s3Error(`Reading '${path}'`, this.uri, error);
    }
  }

  async write(path: string, body: Readable, options: ArtifactWriteOptions = {}): Promise<void> {
    if (path === "") throw MlflowError.invalidParameter("An artifact path is required to write a file.");
    const checked = new BodyLengthCheck(options.size);
    body.on("error", (error) => checked.destroy(error));
    body.pipe(checked);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.location.bucket,
        Key: this.key(path),
        Body: checked,
        ...(options.contentType ? { ContentType: options.contentType } : {}),
      },
      // S3 allows 10,000 parts: a known size picks parts big enough; an unknown one is capped near 48 GiB.
      partSize: this.options.partSize ?? Math.max(MIN_PART_SIZE, Math.ceil((options.size ?? 0) / MAX_MULTIPART_PARTS)),
      queueSize: this.options.queueSize ?? 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      body.unpipe(checked);
      checked.destroy();
      throw s3Error(`Writing '${path}'`, this.uri, error);
    }
  }

  async delete(path: string): Promise<void> {
    const base = this.key(path);
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: base, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          // The prefix "a/b" also matches "a/bc": only the object itself and what is under "a/b/" go.
          if (object.Key && (base === "" || object.Key === base || object.Key.startsWith(`${base}/`))) {
            keys.push(object.Key);
          }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      for (let start = 0; start < keys.length; start += 1000) {
        const batch = keys.slice(start, start + 1000).map((Key) => ({ Key }));
        const result = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.location.bucket, Delete: { Objects: batch, Quiet: true } }),
        );
        const failed = result.Errors?.[0];
        if (failed) throw new MlflowError("INTERNAL_ERROR", `S3 refused to delete '${failed.Key}': ${failed.Code} ${failed.Message}`);
      }
    } catch (error) {
      throw s3Error(`Deleting '${path}'`, this.uri, error);
    }
  }

  private key(path: string): string {
    return joinArtifactPath(this.location.prefix, path);
  }

  private async createMultipartUpload(path: string, numParts: number): Promise<CreateMultipartUploadResult> {
    if (!Number.isInteger(numParts) || numParts < 1 || numParts > MAX_MULTIPART_PARTS) {
      throw MlflowError.invalidParameter(
        `Invalid value ${numParts} for parameter 'num_parts': it must be an integer from 1 to ${MAX_MULTIPART_PARTS}.`,
      );
    }
    const target = { Bucket: this.location.bucket, Key: this.key(path) };
    try {
      const created = await this.client.send(new CreateMultipartUploadCommand(target));
      const uploadId = created.UploadId;
      if (!uploadId) throw new MlflowError("INTERNAL_ERROR", "S3 returned no UploadId.");
      const credentials = [];
      for (let part = 1; part <= numParts; part++) {
        const url = await getSignedUrl(
          this.client,
          new UploadPartCommand({ ...target, UploadId: uploadId, PartNumber: part }),
          { expiresIn: this.options.presignExpiresIn ?? 3600 },
        );
        credentials.push({ url, part_number: part, headers: {} });
      }
      return { upload_id: uploadId, credentials };
    } catch (error) {
      throw s3Error(`Starting a multipart upload of '${path}'`, this.uri, error);
    }
  }

  private async completeMultipartUpload(path: string, uploadId: string, parts: readonly MultipartUploadPart[]): Promise<void> {
    const ordered = [...parts].sort((a, b) => a.part_number - b.part_number);
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.location.bucket,
          Key: this.key(path),
          UploadId: uploadId,
          MultipartUpload: { Parts: ordered.map((part) => ({ PartNumber: part.part_number, ETag: part.etag })) },
        }),
      );
    } catch (error) {
      throw s3Error(`Completing multipart upload '${uploadId}' of '${path}'`, this.uri, error);
    }
  }

  private async abortMultipartUpload(path: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.location.bucket, Key: this.key(path), UploadId: uploadId }),
      );
    } catch (error) {
      throw s3Error(`Aborting multipart upload '${uploadId}' of '${path}'`, this.uri, error);
    }
  }
}
