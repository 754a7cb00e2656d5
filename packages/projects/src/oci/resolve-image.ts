import { MlflowError } from "@sextant/protocol";
import { formatImageReference, type ImageReference, manifestReferenceOf } from "./image-reference.js";
import { type ImageIndex, type ImageManifest, isIndexMediaType } from "./oci-media-types.js";
import type { RegistryClient } from "./registry-client.js";
import { formatPlatform, selectPlatform } from "./select-platform.js";
import type { Platform } from "./oci-media-types.js";

/** A single-platform image as found in its registry. */
export interface ResolvedImage {
  readonly reference: ImageReference;
  /** Digest of the single-platform manifest. */
  readonly digest: string;
  /** Digest of the index it was picked from, when the reference named a multi-platform image. */
  readonly indexDigest?: string;
  /** The platform picked from the index. */
  readonly platform?: string;
  readonly manifest: ImageManifest;
  readonly manifestMediaType: string;
}

/**
 * Fetches the manifest of `reference` from `client`'s registry; for a multi-platform index
 * it picks `platform` (see `selectPlatform`) and fetches that manifest. Throws
 * RESOURCE_DOES_NOT_EXIST when the image or platform is missing, INVALID_PARAMETER_VALUE
 * when the registry's answer is not an image manifest, or the client's errors.
 */
export async function resolveImage(client: RegistryClient, reference: ImageReference, platform: Platform): Promise<ResolvedImage> {
  const name = formatImageReference(reference);
  let fetched = await client.getManifest(reference.repository, manifestReferenceOf(reference));
  let indexDigest: string | undefined;
  let picked: string | undefined;
  if (isIndexMediaType(fetched.mediaType)) {
    const index = parseJson<ImageIndex>(fetched.bytes, name);
    const chosen = selectPlatform(index, platform, name);
    indexDigest = fetched.digest;
    picked = formatPlatform(chosen.platform ?? platform);
    fetched = await client.getManifest(reference.repository, chosen.digest);
  }
  const manifest = parseJson<ImageManifest>(fetched.bytes, name);
  if (!manifest.config || !Array.isArray(manifest.layers)) {
    throw MlflowError.invalidParameter(`${name} is not a container image (its manifest, ${fetched.mediaType}, has no config and layers)`);
  }
  return {
    reference,
    digest: fetched.digest,
    ...(indexDigest === undefined ? {} : { indexDigest }),
    ...(picked === undefined ? {} : { platform: picked }),
    manifest,
    manifestMediaType: fetched.mediaType,
  };
}

function parseJson<T>(bytes: Buffer, name: string): T {
  try {
    return JSON.parse(bytes.toString("utf8")) as T;
  } catch (error) {
    throw new MlflowError("INVALID_PARAMETER_VALUE", `The registry's manifest for ${name} is not JSON`, { cause: error });
  }
}
