import { type ErrorCode, isMlflowError, MlflowError } from "@sextant/protocol";

/** MLflow's mapping of S3 error names to its codes (s3_artifact_repo.py), plus multipart ones. */
const CODE_BY_S3_ERROR: Readonly<Record<string, ErrorCode>> = {
  AccessDenied: "PERMISSION_DENIED",
  AllAccessDisabled: "PERMISSION_DENIED",
  NoSuchBucket: "RESOURCE_DOES_NOT_EXIST",
  NoSuchKey: "RESOURCE_DOES_NOT_EXIST",
  NotFound: "RESOURCE_DOES_NOT_EXIST",
  NoSuchUpload: "RESOURCE_DOES_NOT_EXIST",
  InvalidAccessKeyId: "UNAUTHENTICATED",
  SignatureDoesNotMatch: "UNAUTHENTICATED",
  ExpiredToken: "UNAUTHENTICATED",
  CredentialsProviderError: "UNAUTHENTICATED",
  InvalidPart: "INVALID_PARAMETER_VALUE",
  InvalidPartOrder: "INVALID_PARAMETER_VALUE",
  EntityTooSmall: "INVALID_PARAMETER_VALUE",
  MalformedXML: "INVALID_PARAMETER_VALUE",
};

/**
 * Turns an AWS SDK error into an MlflowError: the S3 error name picks the code (AccessDenied ->
 * PERMISSION_DENIED, NoSuchKey -> RESOURCE_DOES_NOT_EXIST, bad credentials -> UNAUTHENTICATED,
 * else INTERNAL_ERROR) and the message says what was being done and where.
 */
export function s3Error(action: string, uri: string, error: unknown): MlflowError {
  if (isMlflowError(error)) return error;
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  const code = CODE_BY_S3_ERROR[name] ?? (/region is missing/i.test(message) ? "INVALID_PARAMETER_VALUE" : "INTERNAL_ERROR");
  const hint =
    code === "UNAUTHENTICATED"
      ? " Check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE."
      : /region is missing/i.test(message)
        ? " Set AWS_DEFAULT_REGION or AWS_REGION, or a region in the AWS profile."
        : "";
  return new MlflowError(code, `${action} in ${uri} failed: ${name}: ${message}.${hint}`, { cause: error });
}
