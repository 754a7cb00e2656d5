import type { RegistryAccess } from "./build-project-image.js";
import { parseImageReference } from "./image-reference.js";
import { RegistryClient } from "./registry-client.js";

/** An existing image pinned to its digest. */
export interface PinnedImage {
  /** `registry/repository:tag@sha256:...`, what a Job's container runs. */
  readonly reference: string;
  /** `registry/repository:tag` as resolved. */
  readonly uri: string;
  readonly digest: string;
}

/**
 * Pins an existing image (e.g. `docker_env.image` with `--build-image=false`) to the digest
 * its tag points to now (a multi-platform index stays an index, so each node picks its
 * platform), so every pod of the Job runs the same bytes. A reference that already has a
 * digest is kept. Throws INVALID_PARAMETER_VALUE for an invalid reference and the registry
 * client's errors (RESOURCE_DOES_NOT_EXIST when the tag does not exist).
 */
export async function resolveImageReference(image: string, access: RegistryAccess): Promise<PinnedImage> {
  const ref = parseImageReference(image, "docker_env.image");
  const uri = `${ref.registry}/${ref.repository}:${ref.tag ?? "latest"}`;
  if (ref.digest) return { reference: `${uri}@${ref.digest}`, uri, digest: ref.digest };
  const client = new RegistryClient({
    host: ref.apiHost,
    ...(access.insecureRegistries ? { insecureRegistries: access.insecureRegistries } : {}),
    ...(access.credentials ? { credentials: access.credentials } : {}),
    ...(access.fetch ? { fetch: access.fetch } : {}),
  });
  const digest = await client.resolveDigest(ref.repository, ref.tag ?? "latest");
  return { reference: `${uri}@${digest}`, uri, digest };
}
