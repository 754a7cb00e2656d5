import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { type FileInfo, MlflowError } from "@sextant/protocol";
import type { ArtifactReadResult, ArtifactStore, ArtifactWriteOptions } from "@sextant/server";
import { guessContentType, normalizeArtifactPath } from "@sextant/server";
import type { TrackingConnection } from "../../tracking-connection.js";

const PROXY_ANCHOR = "/api/2.0/mlflow-artifacts/artifacts";

const join = (...parts: string[]) => parts.filter((part) => part !== "").join("/");
const encode = (path: string) => path.split("/").map(encodeURIComponent).join("/");

/**
 * A run's artifacts behind a server's `mlflow-artifacts` proxy, as an ArtifactStore: the
 * location is `mlflow-artifacts:/<path>` (on the tracking server, or on the host it names) or
 * an `http(s)://.../api/2.0/mlflow-artifacts/artifacts/<path>` URL. Bodies stream both ways.
 */
export class HttpProxyArtifactStore implements ArtifactStore {
  private readonly apiBase: string;
  private readonly root: string;

  constructor(
    readonly uri: string,
    private readonly connection: TrackingConnection,
  ) {
    let server = connection.baseUrl;
    let path: string;
    const proxied = /^mlflow-artifacts:(?:\/\/([^/]*))?(.*)$/i.exec(uri);
    if (proxied) {
      if (proxied[1]) server = `http://${proxied[1]}`;
      path = proxied[2] ?? "";
    } else {
      const at = uri.indexOf(PROXY_ANCHOR);
      if (at < 0) throw MlflowError.invalidParameter(`'${uri}' is not an mlflow-artifacts proxy location.`);
      server = uri.slice(0, at);
      path = uri.slice(at + PROXY_ANCHOR.length);
    }
    this.apiBase = `${server.replace(/\/+$/, "")}/api/2.0/mlflow-artifacts`;
    this.root = normalizeArtifactPath(path.replace(/^\/+/, ""), "artifact location");
  }

  async list(path = ""): Promise<readonly FileInfo[]> {
    const query = new URLSearchParams({ path: join(this.root, path) });
    const response = await this.connection.fetch(`${this.apiBase}/artifacts?${query}`);
    const { files = [] } = (await response.json()) as { files?: FileInfo[] };
    return files.map((file) => ({ ...file, path: join(path, file.path) }));
  }

  async read(path: string): Promise<ArtifactReadResult> {
    const response = await this.connection.fetch(`${this.apiBase}/artifacts/${encode(join(this.root, path))}`);
    const size = Number(response.headers.get("content-length") ?? Number.NaN);
    const body = response.body
      ? Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>)
      : Readable.from([]);
    return { body, size: Number.isFinite(size) ? size : -1 };
  }

  async write(path: string, body: Readable, options: ArtifactWriteOptions = {}): Promise<void> {
    const headers: Record<string, string> = { "content-type": options.contentType ?? guessContentType(path) };
    if (options.size !== undefined) headers["content-length"] = String(options.size);
    const response = await this.connection.fetch(`${this.apiBase}/artifacts/${encode(join(this.root, path))}`, {
      method: "PUT",
      headers,
      body: Readable.toWeb(body) as unknown as RequestInit["body"],
      duplex: "half",
    } as RequestInit);
    await response.body?.cancel();
  }

  async delete(path: string): Promise<void> {
    const response = await this.connection.fetch(`${this.apiBase}/artifacts/${encode(join(this.root, path))}`, {
      method: "DELETE",
    });
    await response.body?.cancel();
  }
}
