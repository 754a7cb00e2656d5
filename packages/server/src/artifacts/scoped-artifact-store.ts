import type { Readable } from "node:stream";
import type { FileInfo } from "@sextant/protocol";
import type { ArtifactReadResult, ArtifactStore, ArtifactWriteOptions, MultipartUploads } from "./artifact-store.js";
import { joinArtifactPath } from "./artifact-path.js";
import { appendToArtifactUri } from "./artifact-uri.js";

/**
 * The part of `store` under the canonical relative `prefix`, as a store of its own: paths in
 * and out are relative to the prefix. Used to open `mlflow-artifacts:/<experiment>/<run>/artifacts`
 * on the server's artifacts destination. Errors are the underlying store's.
 */
export class ScopedArtifactStore implements ArtifactStore {
  readonly uri: string;
  readonly multipart?: MultipartUploads;

  constructor(
    private readonly store: ArtifactStore,
    private readonly prefix: string,
    uri?: string,
  ) {
    this.uri = uri ?? appendToArtifactUri(store.uri, prefix);
    const inner = store.multipart;
    if (inner) {
      this.multipart = {
        create: (path, numParts) => inner.create(this.inner(path), numParts),
        complete: (path, uploadId, parts) => inner.complete(this.inner(path), uploadId, parts),
        abort: (path, uploadId) => inner.abort(this.inner(path), uploadId),
      };
    }
  }

  async list(path = ""): Promise<readonly FileInfo[]> {
    const cut = this.prefix === "" ? 0 : this.prefix.length + 1;
    const infos = await this.store.list(this.inner(path));
    return infos.map((info) => ({ ...info, path: info.path.slice(cut) }));
  }

  read(path: string): Promise<ArtifactReadResult> {
    return path === "" ? this.store.read("") : this.store.read(this.inner(path));
  }

  write(path: string, body: Readable, options?: ArtifactWriteOptions): Promise<void> {
    return path === "" ? this.store.write("", body, options) : this.store.write(this.inner(path), body, options);
  }

  delete(path: string): Promise<void> {
    return this.store.delete(this.inner(path));
  }

  private inner(path: string): string {
    return joinArtifactPath(this.prefix, path);
  }
}
