import { MlflowError } from "@sextant/protocol";

/** A bucket and a key prefix ("" for the bucket's root), without leading or trailing slashes. */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/** Parses `s3://bucket/some/prefix`. INVALID_PARAMETER_VALUE when the URI names no bucket. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/i.exec(uri);
  const bucket = match?.[1];
  if (!bucket) throw MlflowError.invalidParameter(`Invalid S3 URI '${uri}': expected s3://<bucket>/<prefix>.`);
  const prefix = (match?.[2] ?? "").split("/").filter((segment) => segment !== "").join("/");
  return { bucket, prefix };
}
