import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/** An in-process S3 endpoint (s3rver) on a loopback port, with one empty bucket. */
export interface S3TestServer {
  readonly endpoint: string;
  readonly bucket: string;
  /** Environment that points MLflow-style S3 settings at this endpoint. */
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  type: string;
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
}

/**
 * Starts s3rver on port 0. s3rver implements create/upload-part/complete for multipart uploads
 * but not AbortMultipartUpload (it answers 405), so this adds that one operation in front of
 * its router, with S3's semantics: the upload's parts are dropped, 204; unknown id, 404 NoSuchUpload.
 */
export async function startS3TestServer(bucket = "sextant-test"): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), "sextant-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  (server as unknown as { middleware: unknown[] }).middleware.unshift(
    async (ctx: KoaContext, next: () => Promise<void>) => {
      const uploadId = ctx.query.uploadId;
      const match = /^\/([^/]+)\/.+/.exec(ctx.path);
      if (ctx.method !== "DELETE" || typeof uploadId !== "string" || !match?.[1]) return next();
      const uploads = ctx.store.getResourcePath(match[1], undefined, "uploads");
      const folder = join(uploads, uploadId.replace(/[^0-9a-f]/gi, ""));
      try {
        await rm(folder, { recursive: true });
        ctx.status = 204;
      } catch {
        ctx.status = 404;
        ctx.type = "application/xml";
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${uploadId}</UploadId></Error>`;
      }
    },
  );
  const { address, port } = (await server.run()) as unknown as { address: string; port: number };
  const endpoint = `http://${address}:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      MLFLOW_S3_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
