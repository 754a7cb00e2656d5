import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUiRoutes } from "./ui-routes.js";

const HTML = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

async function buildApp(staticDir: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error_code: "ENDPOINT_NOT_FOUND", message: `No endpoint ${request.method} ${request.url}` }),
  );
  app.get("/ajax-api/2.0/mlflow/experiments/get", () => ({ experiment: { experiment_id: "0" } }));
  app.get("/get-artifact", () => "artifact-bytes");
  await registerUiRoutes(app, { staticDir });
  return app;
}

describe("registerUiRoutes", () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sextant-ui-routes-"));
    await mkdir(join(dir, "dist", "assets"), { recursive: true });
    await writeFile(join(dir, "dist", "index.html"), "<!doctype html><div id=root></div>");
    await writeFile(join(dir, "dist", "assets", "index-abc123.js"), "console.log(1)");
    await writeFile(join(dir, "dist", "favicon.svg"), "<svg/>");
    await writeFile(join(dir, "secret.txt"), "outside the bundle");
    app = await buildApp(join(dir, "dist"));
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves index.html at / without caching", async () => {
    const res = await app.inject({ url: "/", headers: HTML });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(res.body).toContain('<div id=root>');
  });

  it("answers deep links that accept HTML with index.html (SPA fallback)", async () => {
    for (const url of ["/experiments/1", "/runs/abc?artifact=model%2FMLmodel", "/models/My%20Model/versions/3", "/compare-runs?runs=a,b"]) {
      const res = await app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id=root>');
    }
  });

  it("keeps API routes and the API's JSON 404", async () => {
    const ok = await app.inject({ url: "/ajax-api/2.0/mlflow/experiments/get?experiment_id=0", headers: HTML });
    expect(ok.json()).toEqual({ experiment: { experiment_id: "0" } });
    expect((await app.inject({ url: "/get-artifact?path=a" })).body).toBe("artifact-bytes");
    for (const url of ["/ajax-api/2.0/mlflow/nope", "/api/2.0/mlflow/nope", "/api"]) {
      const res = await app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error_code).toBe("ENDPOINT_NOT_FOUND");
    }
  });

  it("answers unknown paths that do not accept HTML with the JSON 404", async () => {
    const res = await app.inject({ url: "/experiments/1", headers: { accept: "application/json" } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error_code).toBe("ENDPOINT_NOT_FOUND");
  });

  it("serves hashed assets with year-long immutable caching", async () => {
    const res = await app.inject({ url: "/assets/index-abc123.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/javascript");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.body).toBe("console.log(1)");
    const head = await app.inject({ method: "HEAD", url: "/assets/index-abc123.js" });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-length"]).toBe("14");
  });

  it("answers a missing asset with 404, not index.html", async () => {
    const res = await app.inject({ url: "/assets/gone-123.js", headers: HTML });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain("<div id=root>");
  });

  it("serves other bundle files and never leaves the bundle folder", async () => {
    const icon = await app.inject({ url: "/favicon.svg" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    for (const url of ["/assets/..%2F..%2Fsecret.txt", "/..%2Fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"]) {
      const res = await app.inject({ url, headers: { accept: "*/*" } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain("outside the bundle");
    }
  });

  it("says to run npm run build when the UI is not built", async () => {
    const bare = await buildApp(join(dir, "no-such-dist"));
    try {
      for (const url of ["/", "/experiments/1"]) {
        const res = await bare.inject({ url, headers: HTML });
        expect(res.statusCode).toBe(404);
        expect(res.body).toContain("npm run build");
      }
      expect((await bare.inject({ url: "/ajax-api/2.0/mlflow/experiments/get" })).statusCode).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
