import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { MlflowError } from "@sextant/protocol";
import type { DatasetSpec } from "./dataset-spec.js";

/**
 * Describes a local data file as a dataset: name (default: file name without extension),
 * digest (first 16 hex characters of the SHA-256 of its bytes, so a changed file gets a new
 * digest), source `{"uri": "file:///…"}` with source type `local`, and a profile with its
 * size. RESOURCE_DOES_NOT_EXIST when the file is missing.
 */
export async function fileDataset(
  path: string,
  options: { readonly name?: string; readonly schema?: string; readonly profile?: Readonly<Record<string, unknown>> } = {},
): Promise<DatasetSpec> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile()) throw MlflowError.notFound(`Dataset file '${path}' does not exist`);
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(absolute)) hash.update(chunk as Buffer);
  return {
    name: options.name ?? basename(absolute, extname(absolute)),
    digest: hash.digest("hex").slice(0, 16),
    source: JSON.stringify({ uri: pathToFileURL(absolute).href }),
    sourceType: "local",
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    profile: JSON.stringify({ size_bytes: info.size, ...options.profile }),
  };
}
