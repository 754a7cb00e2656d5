import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../app/start-server.js";
import { createTestDatabase } from "../test-support/postgres.js";
import { createArtifactStoreRegistry } from "./builtin-artifact-stores.js";
import { type S3TestServer, startS3TestServer } from "./test-support/s3-test-server.js";
import { text } from "./test-support/streams.js";

async function call<T>(server: RunningServer, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function newRun(server: RunningServer, experimentName: string): Promise<{ runId: string; artifactUri: string }> {
  const { experiment_id } = await call<{ experiment_id: string }>(server, "POST", "experiments/create", { name: experimentName });
  const { run } = await call<{ run: { info: { run_id: string; artifact_uri: string } } }>(server, "POST", "runs/create", {
    experiment_id,
    start_time: Date.now(),
  });
  return { runId: run.info.run_id, artifactUri: run.info.artifact_uri };
}

/** The proxy URL of `path` inside a run whose artifact URI is `mlflow-artifacts:/...`. */
function proxyUrl(server: RunningServer, artifactUri: string, path: string): string {
  const runPath = artifactUri.replace(/^mlflow-artifacts:\/*/, "");
  return `${server.url}/api/2.0/mlflow-artifacts/artifacts/${runPath}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

describe("artifacts through startServer (SQLite, local destination, proxying on)", () => {
  let folder: string;
  let server: RunningServer;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "sextant-server-artifacts-"));
    server = await startServer({
      backendStoreUri: `sqlite:///${join(folder, "mlflow.db")}`,
      artifactsDestination: join(folder, "mlartifacts"),
      host: "127.0.0.1",
      port: 0,
      logger: false,
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("gives runs mlflow-artifacts: locations and serves what a client PUTs there", async () => {
    const { runId, artifactUri } = await newRun(server, "proxied");
    expect(artifactUri).toMatch(/^mlflow-artifacts:\/\d+\/[0-9a-f]{32}\/artifacts$/);
    const put = await fetch(proxyUrl(server, artifactUri, "plots/loss curve.png"), { method: "PUT", body: "png bytes" });
    expect(put.status).toBe(200);
    const listing = await call<unknown>(server, "GET", `artifacts/list?run_id=${runId}&path=plots`);
    expect(listing).toEqual({ root_uri: artifactUri, files: [{ path: "plots/loss curve.png", is_dir: false, file_size: 9 }] });
    const viaUi = await fetch(`${server.url}/get-artifact?path=plots/loss%20curve.png&run_uuid=${runId}`);
    expect(viaUi.headers.get("content-type")).toBe("image/png");
    expect(await viaUi.text()).toBe("png bytes");
    const files = await readdir(join(folder, "mlartifacts"), { recursive: true });
    expect(files.some((file) => file.endsWith("loss curve.png"))).toBe(true);
  });

  it("refuses an experiment whose artifact location points outside the server's roots", async () => {
    const { experiment_id } = await call<{ experiment_id: string }>(server, "POST", "experiments/create", {
      name: "sneaky",
      artifact_location: "/etc",
    });
    const { run } = await call<{ run: { info: { run_id: string } } }>(server, "POST", "runs/create", { experiment_id });
    const response = await fetch(`${server.url}/api/2.0/mlflow/artifacts/list?run_id=${run.info.run_id}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_code: "INVALID_PARAMETER_VALUE" });
  });
});

describe("artifacts through startServer (PostgreSQL, S3)", () => {
  let s3: S3TestServer;
  let drop: () => Promise<void>;
  let databaseUrl: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    s3 = await startS3TestServer();
    Object.assign(process.env, s3.env);
    ({ url: databaseUrl, drop } = await createTestDatabase());
  });
  afterAll(async () => {
    await drop();
    await s3.close();
    process.env = saved;
  });

  it("--default-artifact-root s3://: the client writes to S3 with its own credentials, the server lists and serves it", async () => {
    const server = await startServer({
      backendStoreUri: databaseUrl,
      defaultArtifactRoot: `s3://${s3.bucket}/direct`,
      host: "127.0.0.1",
      port: 0,
      logger: false,
    });
    const registry = createArtifactStoreRegistry({ env: s3.env });
    try {
      const { runId, artifactUri } = await newRun(server, "direct to s3");
      expect(artifactUri).toMatch(new RegExp(`^s3://${s3.bucket}/direct/\\d+/[0-9a-f]{32}/artifacts$`));
      await registry.open(artifactUri).write("model/MLmodel", Readable.from(["artifact_path: model\n"]));
      const listing = await call<unknown>(server, "GET", `artifacts/list?run_id=${runId}`);
      expect(listing).toEqual({ root_uri: artifactUri, files: [{ path: "model", is_dir: true }] });
      const file = await fetch(`${server.url}/get-artifact?path=model/MLmodel&run_id=${runId}`);
      expect(file.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await file.text()).toBe("artifact_path: model\n");
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it("--artifacts-destination s3://: a client with no AWS credentials logs through the proxy into the bucket", async () => {
    const server = await startServer({
      backendStoreUri: databaseUrl,
      artifactsDestination: `s3://${s3.bucket}/proxied`,
      host: "127.0.0.1",
      port: 0,
      logger: false,
    });
    const registry = createArtifactStoreRegistry({ env: s3.env });
    try {
      const { runId, artifactUri } = await newRun(server, "proxied to s3");
      const put = await fetch(proxyUrl(server, artifactUri, "data/train.csv"), { method: "PUT", body: "x,y\n1,2\n" });
      expect(put.status).toBe(200);
      const inBucket = registry.open(`s3://${s3.bucket}/proxied/${artifactUri.replace(/^mlflow-artifacts:\/*/, "")}`);
      expect(await text((await inBucket.read("data/train.csv")).body)).toBe("x,y\n1,2\n");
      const listing = await call<unknown>(server, "GET", `artifacts/list?run_id=${runId}&path=data`);
      expect(listing).toEqual({ root_uri: artifactUri, files: [{ path: "data/train.csv", is_dir: false, file_size: 8 }] });
      const download = await fetch(proxyUrl(server, artifactUri, "data/train.csv"));
      expect(await download.text()).toBe("x,y\n1,2\n");
    } finally {
      await registry.close();
      await server.close();
    }
  });
});
