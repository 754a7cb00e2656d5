import { mkdtemp, readdir, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArtifactTestApp, startArtifactTestApp } from "./test-support/artifact-test-app.js";
import { digest, generatedBody } from "./test-support/streams.js";
import { type S3TestServer, startS3TestServer } from "./test-support/s3-test-server.js";

const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

async function put(base: string, path: string, body: BodyInit | Readable, init: RequestInit = {}): Promise<Response> {
  const stream = body instanceof Readable ? (Readable.toWeb(body) as unknown as BodyInit) : body;
  return fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, {
    method: "PUT",
    body: stream,
    duplex: "half",
    ...init,
  } as RequestInit);
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1)).sort();
}

/** Starts a 50 MB PUT, sends 12 MB, then drops the connection. */
async function dropMidUpload(base: string, path: string): Promise<void> {
  const url = new URL(base);
  await new Promise<void>((resolve) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      method: "PUT",
      path: `/api/2.0/mlflow-artifacts/artifacts/${path}`,
      headers: { "content-length": String(50 * 1024 * 1024) },
    });
    req.on("error", () => resolve());
    req.write(Buffer.alloc(12 * 1024 * 1024, 7), () => {
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe("mlflow-artifacts proxy on a local destination", () => {
  let folder: string;
  let app: ArtifactTestApp;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "sextant-proxy-"));
    app = await startArtifactTestApp({ artifactsDestination: join(folder, "mlartifacts") });
  });
  afterAll(async () => {
    await app.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("round-trips files of 0 bytes and more, nested, with spaces and unicode in names", async () => {
    const files: Record<string, string> = {
      "1/abc/artifacts/empty.txt": "",
      "1/abc/artifacts/model/MLmodel": "flavors: {}\n",
      "1/abc/artifacts/deep/er/metrics.json": '{"acc": 0.9}',
      "1/abc/artifacts/with space/ünïcødé 文件.csv": "a,b\n1,2\n",
    };
    for (const [path, content] of Object.entries(files)) {
      const response = await put(app.url, path, content);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
    }
    for (const [path, content] of Object.entries(files)) {
      const response = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(content);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; /);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
    const types = async (path: string) =>
      (await fetch(`${app.url}/ajax-api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`)).headers.get("content-type");
    expect(await types("1/abc/artifacts/model/MLmodel")).toMatch(/^text\/plain/);
    expect(await types("1/abc/artifacts/deep/er/metrics.json")).toBe("application/json");
    const unicode = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/${encodePath("1/abc/artifacts/with space/ünïcødé 文件.csv")}`);
    expect(unicode.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("ünïcødé 文件.csv")}`);

    const list = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts?path=1/abc/artifacts`);
    expect(await list.json()).toEqual({
      files: [
        { path: "deep", is_dir: true },
        { path: "empty.txt", is_dir: false, file_size: 0 },
        { path: "model", is_dir: true },
        { path: "with space", is_dir: true },
      ],
    });

    const runId = app.addRun("mlflow-artifacts:/1/abc/artifacts");
    const runList = await fetch(`${app.url}/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=with%20space`);
    expect(await runList.json()).toEqual({
      root_uri: "mlflow-artifacts:/1/abc/artifacts",
      files: [{ path: "with space/ünïcødé 文件.csv", is_dir: false, file_size: 8 }],
    });
    const viaUi = await fetch(`${app.url}/get-artifact?path=model/MLmodel&run_uuid=${runId}`);
    expect(viaUi.status).toBe(200);
    expect(await viaUi.text()).toBe("flavors: {}\n");
    expect(viaUi.headers.get("content-type")).toMatch(/^text\/plain/);

    const deleted = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/deep`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    const missing = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/deep/er/metrics.json`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error_code: "RESOURCE_DOES_NOT_EXIST" });
  });

  it("accepts any content type, no content type and chunked bodies", async () => {
    const url = new URL(app.url);
    const send = (path: string, headers: Record<string, string>, chunks: string[]) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, method: "PUT", path, headers }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
      });
    const base = "/api/2.0/mlflow-artifacts/artifacts/types";
    expect(await send(`${base}/chunked.bin`, { "transfer-encoding": "chunked" }, ["ab", "cd"])).toBe(200);
    expect(await send(`${base}/form.txt`, { "content-type": "multipart/form-data; boundary=x", "content-length": "4" }, ["wxyz"])).toBe(200);
    expect(await send(`${base}/data.json`, { "content-type": "application/json", "content-length": "5" }, ["{oops"])).toBe(200);
    const list = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts?path=types`);
    expect(await list.json()).toEqual({
      files: [
        { path: "chunked.bin", is_dir: false, file_size: 4 },
        { path: "data.json", is_dir: false, file_size: 5 },
        { path: "form.txt", is_dir: false, file_size: 4 },
      ],
    });
  });

  it("streams a 200 MB upload and download unchanged", async () => {
    const size = 200 * 1024 * 1024;
    const expected = await digest(generatedBody(size, 42));
    const response = await put(app.url, "big/200mb.bin", generatedBody(size, 42), {
      headers: { "content-length": String(size), "content-type": "application/octet-stream" },
    });
    expect(response.status).toBe(200);
    const download = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/big/200mb.bin`);
    expect(download.headers.get("content-length")).toBe(String(size));
    expect(await digest(download.body as unknown as AsyncIterable<Uint8Array>)).toEqual(expected);
  });

  it("leaves no file, partial or final, when the client drops mid-upload", async () => {
    await dropMidUpload(app.url, "dropped/upload.bin");
    expect((await listFiles(join(folder, "mlartifacts"))).filter((path) => path.startsWith("dropped"))).toEqual([]);
    const response = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/dropped/upload.bin`);
    expect(response.status).toBe(404);
  });

  it("answers mpu/create on a local destination as MLflow does, so clients fall back to PUT", async () => {
    const response = await fetch(`${app.url}/api/2.0/mlflow-artifacts/mpu/create/1/abc/artifacts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/home/me/big.bin", num_parts: 3 }),
    });
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({
      error_code: "NOT_IMPLEMENTED",
      message: "Multipart upload is not supported for the current artifact repository",
    });
  });
});

describe("mlflow-artifacts proxy on an S3 destination (s3rver)", () => {
  let s3: S3TestServer;
  let app: ArtifactTestApp;
  const saved = { ...process.env };
  beforeAll(async () => {
    s3 = await startS3TestServer();
    Object.assign(process.env, s3.env);
    app = await startArtifactTestApp({ artifactsDestination: `s3://${s3.bucket}/mlartifacts` });
  });
  afterAll(async () => {
    await app.close();
    await s3.close();
    process.env = saved;
  });

  it("round-trips a streamed 30 MB file and lists it", async () => {
    const size = 30 * 1024 * 1024;
    const expected = await digest(generatedBody(size, 3));
    const response = await put(app.url, "2/run/artifacts/data/blob.bin", generatedBody(size, 3), {
      headers: { "content-length": String(size) },
    });
    expect(response.status).toBe(200);
    const download = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/2/run/artifacts/data/blob.bin`);
    expect(await digest(download.body as unknown as AsyncIterable<Uint8Array>)).toEqual(expected);
    const list = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts?path=2/run/artifacts/data`);
    expect(await list.json()).toEqual({ files: [{ path: "blob.bin", is_dir: false, file_size: size }] });
  });

  it("leaves no object when the client drops mid-upload", async () => {
    await dropMidUpload(app.url, "5/run/artifacts/dropped.bin");
    const list = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts?path=5/run/artifacts`);
    expect(await list.json()).toEqual({});
  });

  it("completes a multipart upload through mpu/create, presigned part PUTs and mpu/complete", async () => {
    const mpu = (action: string, body: unknown) =>
      fetch(`${app.url}/api/2.0/mlflow-artifacts/mpu/${action}/3/run/artifacts/model`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const parts = [Buffer.alloc(5 * 1024 * 1024, 1), Buffer.alloc(5 * 1024 * 1024, 2), Buffer.from("last part")];
    const created = await mpu("create", { path: "/tmp/local/weights.bin", num_parts: parts.length });
    expect(created.status).toBe(200);
    const { upload_id, credentials } = (await created.json()) as {
      upload_id: string;
      credentials: { url: string; part_number: number; headers: Record<string, string> }[];
    };
    expect(credentials.map((c) => c.part_number)).toEqual([1, 2, 3]);
    const uploaded = [];
    for (const credential of credentials) {
      const response = await fetch(credential.url, {
        method: "PUT",
        body: new Uint8Array(parts[credential.part_number - 1]!),
        headers: credential.headers,
      });
      expect(response.status).toBe(200);
      uploaded.push({ part_number: credential.part_number, etag: response.headers.get("etag") });
    }
    const notYet = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/3/run/artifacts/model/weights.bin`);
    expect(notYet.status).toBe(404);
    const completed = await mpu("complete", { path: "/tmp/local/weights.bin", upload_id, parts: uploaded });
    expect(completed.status).toBe(200);
    const download = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts/3/run/artifacts/model/weights.bin`);
    expect(await digest(download.body as unknown as AsyncIterable<Uint8Array>)).toEqual(await digest(Readable.from(parts)));
  });

  it("aborts a multipart upload through mpu/abort, leaving nothing", async () => {
    const mpu = (action: string, body: unknown) =>
      fetch(`${app.url}/api/2.0/mlflow-artifacts/mpu/${action}/4/run/artifacts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const created = (await (await mpu("create", { path: "C:\\data\\dropped.bin", num_parts: 1 })).json()) as {
      upload_id: string;
      credentials: { url: string }[];
    };
    const part = await fetch(created.credentials[0]!.url, { method: "PUT", body: "partial" });
    const aborted = await mpu("abort", { path: "C:\\data\\dropped.bin", upload_id: created.upload_id });
    expect(aborted.status).toBe(200);
    const late = await mpu("complete", {
      path: "C:\\data\\dropped.bin",
      upload_id: created.upload_id,
      parts: [{ part_number: 1, etag: part.headers.get("etag") }],
    });
    expect(late.status).toBeGreaterThanOrEqual(400);
    const list = await fetch(`${app.url}/api/2.0/mlflow-artifacts/artifacts?path=4/run/artifacts`);
    expect(await list.json()).toEqual({});
    const again = await mpu("abort", { path: "C:\\data\\dropped.bin", upload_id: created.upload_id });
    expect(await again.json()).toMatchObject({ error_code: "RESOURCE_DOES_NOT_EXIST" });
  });
});

describe("--no-serve-artifacts", () => {
  it("answers every proxy route 503 as MLflow does, and still lists non-proxied run artifacts", async () => {
    const folder = await mkdtemp(join(tmpdir(), "sextant-noserve-"));
    const app = await startArtifactTestApp({
      serveArtifacts: false,
      artifactsDestination: join(folder, "mlartifacts"),
      defaultArtifactRoot: join(folder, "mlruns"),
    });
    try {
      for (const [method, path] of [
        ["GET", "/api/2.0/mlflow-artifacts/artifacts?path=x"],
        ["GET", "/api/2.0/mlflow-artifacts/artifacts/x.txt"],
        ["PUT", "/api/2.0/mlflow-artifacts/artifacts/x.txt"],
        ["DELETE", "/ajax-api/2.0/mlflow-artifacts/artifacts/x.txt"],
        ["POST", "/api/2.0/mlflow-artifacts/mpu/create/x"],
      ] as const) {
        const response = await fetch(`${app.url}${path}`, { method, ...(method === "PUT" ? { body: "x" } : {}) });
        expect(response.status).toBe(503);
        expect(await response.text()).toMatch(/disabled due to the mlflow server running with `--no-serve-artifacts`/);
      }
      const runId = app.addRun(join(folder, "mlruns", "0", "r", "artifacts"));
      const list = await fetch(`${app.url}/api/2.0/mlflow/artifacts/list?run_id=${runId}`);
      expect(await list.json()).toEqual({ root_uri: join(folder, "mlruns", "0", "r", "artifacts") });
    } finally {
      await app.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
