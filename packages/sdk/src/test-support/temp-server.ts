import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "@sextant/server";

/** A started temp server: its URL and folder; `close()` stops it and removes the folder. */
export interface TempServer {
  readonly url: string;
  readonly dir: string;
  close(): Promise<void>;
}

/** A real tracking server on a free port with SQLite and proxied artifacts in a temp folder. */
export async function startTempServer(options: { readonly serveArtifacts?: boolean } = {}): Promise<TempServer> {
  const dir = await mkdtemp(join(tmpdir(), "sextant-sdk-"));
  const server = await startServer({
    backendStoreUri: `sqlite:///${join(dir, "mlflow.db")}`,
    artifactsDestination: join(dir, "artifacts"),
    ...(options.serveArtifacts === false
      ? { serveArtifacts: false, defaultArtifactRoot: join(dir, "local-artifacts") }
      : {}),
    host: "127.0.0.1",
    port: 0,
    logger: false,
  });
  return {
    url: server.url,
    dir,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
