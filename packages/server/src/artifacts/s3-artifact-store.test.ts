import { randomBytes } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3ClientConfigFromEnv } from "./s3-client-config.js";
import { S3ArtifactStore } from "./s3-artifact-store.js";
import { parseS3Uri } from "./s3-location.js";
import { describeArtifactStore } from "./test-support/describe-artifact-store.js";
import { type S3TestServer, startS3TestServer } from "./test-support/s3-test-server.js";

let server: S3TestServer;
let client: S3Client;
beforeAll(async () => {
  server = await startS3TestServer();
  client = new S3Client(s3ClientConfigFromEnv(server.env));
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

describeArtifactStore("S3 (s3rver)", async () => {
  const uri = `s3://${server.bucket}/runs/${randomBytes(4).toString("hex")}`;
  const store = new S3ArtifactStore(uri, client, parseS3Uri(uri), { partSize: 5 * 1024 * 1024 });
  return { store, cleanup: () => store.delete("") };
});

describe("S3 settings", () => {
  it("parses bucket and prefix and refuses a URI without a bucket", () => {
    expect(parseS3Uri("s3://bucket")).toEqual({ bucket: "bucket", prefix: "" });
    expect(parseS3Uri("s3://bucket/a//b/")).toEqual({ bucket: "bucket", prefix: "a/b" });
    expect(() => parseS3Uri("s3:///key")).toThrow(/expected s3:\/\/<bucket>/);
  });

  it("reads MLflow's environment variables", () => {
    const config = s3ClientConfigFromEnv({
      MLFLOW_S3_ENDPOINT_URL: "https://minio.local:9000",
      MLFLOW_S3_IGNORE_TLS: "true",
      AWS_DEFAULT_REGION: "eu-west-3",
    });
    expect(config).toMatchObject({ endpoint: "https://minio.local:9000", forcePathStyle: true, region: "eu-west-3" });
    expect(config.requestHandler).toBeDefined();
    const plain = s3ClientConfigFromEnv({ AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "eu-west-3" });
    expect(plain).toMatchObject({ region: "us-west-2" });
    expect(plain.endpoint).toBeUndefined();
    expect(plain.requestHandler).toBeUndefined();
  });

  it("maps a missing bucket to RESOURCE_DOES_NOT_EXIST", async () => {
    const uri = "s3://no-such-bucket-here/x";
    const store = new S3ArtifactStore(uri, client, parseS3Uri(uri));
    await expect(store.list()).rejects.toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST" });
  });
});
