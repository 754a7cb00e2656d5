import { createReadStream, createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { ArtifactRepository } from "./artifact-repository.js";
import { contentTypeFor } from "./content-type.js";
import type { HttpTransport, RequestBody } from "./http-transport.js";

/**
 * Artifacts behind the server's artifact proxy (`mlflow-artifacts:` URIs, resolved to
 * `<server>/api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts`). Uploads stream
 * the file (`PUT`, `duplex: 'half'`) and are retried like any request, re-opening the file.
 */
export class HttpArtifactRepository implements ArtifactRepository {
  constructor(
    private readonly transport: HttpTransport,
    /** Absolute http(s) URL of the artifact root, without a trailing slash. */
    private readonly rootUrl: string,
  ) {}

  get location(): string {
    return this.rootUrl;
  }

  private urlFor(artifactPath: string): string {
    return `${this.rootUrl}/${artifactPath.split("/").map(encodeURIComponent).join("/")}`;
  }

  async uploadFile(localPath: string, artifactPath: string): Promise<void> {
    const response = await this.transport.send({
      method: "PUT",
      url: this.urlFor(artifactPath),
      headers: { "Content-Type": contentTypeFor(artifactPath) },
      body: () => Readable.toWeb(createReadStream(localPath)) as unknown as RequestBody,
    });
    await response.body?.cancel();
  }

  async uploadBytes(bytes: Uint8Array, artifactPath: string): Promise<void> {
    const response = await this.transport.send({
      method: "PUT",
      url: this.urlFor(artifactPath),
      headers: { "Content-Type": contentTypeFor(artifactPath) },
      body: () => bytes,
    });
    await response.body?.cancel();
  }

  async downloadFile(artifactPath: string, localPath: string): Promise<void> {
    const response = await this.transport.send({ method: "GET", url: this.urlFor(artifactPath) });
    await mkdir(dirname(localPath), { recursive: true });
    if (!response.body) {
      await pipeline(Readable.from([]), createWriteStream(localPath));
      return;
    }
    await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream), createWriteStream(localPath));
  }
}
