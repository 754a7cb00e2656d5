import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "@sextant/server";
import { RestClient } from "./rest-client.js";
import { ensureUiBuilt } from "./ui-build.js";

/** A real Sextant server on a temp SQLite database and artifact folder, serving the built UI. */
export interface UiTestServer {
  readonly url: string;
  readonly server: RunningServer;
  readonly rest: RestClient;
  close(): Promise<void>;
}

/** Builds the UI if needed, then starts `startServer` on port 0 with a fresh temp store. */
export async function startUiTestServer(): Promise<UiTestServer> {
  ensureUiBuilt();
  const dir = await mkdtemp(join(tmpdir(), "sextant-ui-e2e-"));
  const server = await startServer({
    backendStoreUri: `sqlite:///${join(dir, "mlflow.db")}`,
    artifactsDestination: join(dir, "artifacts"),
    host: "127.0.0.1",
    port: 0,
    logger: false,
  });
  return {
    url: server.url,
    server,
    rest: new RestClient(server.url),
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
