// A tracking server in its own process, for tests that kill it (kill -9) and restart it.
// Usage: node server-process.mjs <sqlite-db-path> <artifacts-dir> <port>
// Imports the BUILT server (packages/server/dist): run `npm run build` first.
// Prints "LISTENING <url>" once it accepts connections.
import { startServer } from "../../../server/dist/index.js";

const [dbPath, artifactsDir, port] = process.argv.slice(2);
const server = await startServer({
  backendStoreUri: `sqlite:///${dbPath}`,
  artifactsDestination: artifactsDir,
  host: "127.0.0.1",
  port: Number(port ?? 0),
  logger: false,
});
process.stdout.write(`LISTENING ${server.url}\n`);
