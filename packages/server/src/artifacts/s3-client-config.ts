import { existsSync } from "node:fs";
import { Agent } from "node:https";
import { homedir } from "node:os";
import { join } from "node:path";
import type { S3ClientConfig } from "@aws-sdk/client-s3";

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["true", "1", "yes"].includes(value.trim().toLowerCase());
}

/**
 * S3 client settings from the environment, as MLflow reads it:
 * - credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) from `env`
 *   when both are set (first in the SDK's order too), else the AWS SDK's default chain
 *   (`AWS_PROFILE`, the shared credentials and config files, SSO, web identity, container and
 *   instance metadata);
 * - region: `AWS_REGION`, else `AWS_DEFAULT_REGION` (boto3's name), else the profile's region
 *   from the shared config file, else us-east-1 with region redirects followed;
 * - `MLFLOW_S3_ENDPOINT_URL`: a MinIO/Ceph/... endpoint, addressed path-style;
 * - `MLFLOW_S3_IGNORE_TLS=true`: do not verify the endpoint's TLS certificate.
 * Checksums are computed only where S3 requires them, which S3-compatible servers accept.
 */
export function s3ClientConfigFromEnv(env: NodeJS.ProcessEnv = process.env): S3ClientConfig {
  const endpoint = env.MLFLOW_S3_ENDPOINT_URL?.trim() || undefined;
  const configFile = env.AWS_CONFIG_FILE ?? join(homedir(), ".aws", "config");
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || (existsSync(configFile) ? undefined : "us-east-1");
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const sessionToken = env.AWS_SESSION_TOKEN;
  return {
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
      : {}),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(isTrue(env.MLFLOW_S3_IGNORE_TLS) ? { requestHandler: { httpsAgent: new Agent({ rejectUnauthorized: false }) } } : {}),
    followRegionRedirects: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}
