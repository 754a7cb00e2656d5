import { MlflowError } from "@sextant/protocol";
import type { MultipartUploadPart } from "./artifact-store.js";

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === "") {
    throw MlflowError.invalidParameter(`Missing value for required parameter '${field}'.`);
  }
  if (typeof value !== "string") {
    throw MlflowError.invalidParameter(`Invalid value for parameter '${field}': expected a string, got ${typeof value}.`);
  }
  return value;
}

function intLike(value: unknown, field: string): number {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number)) {
    throw MlflowError.invalidParameter(`Invalid value ${JSON.stringify(value)} for parameter '${field}': expected an integer.`);
  }
  return number;
}

/** `mpu/create` body: `{path, num_parts}` (mlflow_artifacts.proto CreateMultipartUpload). */
export function parseCreateMultipart(body: Record<string, unknown>): { path: string; numParts: number } {
  const path = requiredString(body, "path");
  return { path, numParts: body.num_parts === undefined ? 1 : intLike(body.num_parts, "num_parts") };
}

/** `mpu/complete` body: `{path, upload_id, parts: [{part_number, etag}]}`. */
export function parseCompleteMultipart(body: Record<string, unknown>): {
  path: string;
  uploadId: string;
  parts: MultipartUploadPart[];
} {
  const path = requiredString(body, "path");
  const uploadId = requiredString(body, "upload_id");
  const raw = body.parts;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw MlflowError.invalidParameter("Missing value for required parameter 'parts'.");
  }
  const parts = raw.map((part: unknown, index) => {
    if (part === null || typeof part !== "object") {
      throw MlflowError.invalidParameter(`Invalid value for parameter 'parts[${index}]': expected an object.`);
    }
    const entry = part as Record<string, unknown>;
    return {
      part_number: intLike(entry.part_number, `parts[${index}].part_number`),
      etag: requiredString(entry, "etag"),
    };
  });
  return { path, uploadId, parts };
}

/** `mpu/abort` body: `{path, upload_id}`. */
export function parseAbortMultipart(body: Record<string, unknown>): { path: string; uploadId: string } {
  return { path: requiredString(body, "path"), uploadId: requiredString(body, "upload_id") };
}
