import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { restClient } from "../http/test-support/rest-client.js";
import { startServer } from "./start-server.js";

describe("startServer", () => {
  const dir = mkdtempSync(join(tmpdir(), "sextant-start-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = (name: string) => ({
    backendStoreUri: `sqlite:///${join(dir, `${name}.db`)}`,
    artifactsDestination: join(dir, "artifacts"),
    port: 0,
    logger: false,
  });

  it("gives new experiments <default-artifact-root>/<id> when artifacts are not proxied", async () => {
    const root = join(dir, "root");
    const server = await startServer({ ...base("direct"), serveArtifacts: false, defaultArtifactRoot: root });
    try {
      const api = restClient(server.url);
      const id: string = (await api.post("experiments/create", { name: "direct" })).body.experiment_id;
      expect((await api.get("experiments/get", { experiment_id: id })).body.experiment.artifact_location).toBe(
        `${pathToFileURL(root).href}/${id}`,
      );
    } finally {
      await server.close();
      await server.close();
    }
  });

  it("answers 503 on tracking routes in --artifacts-only mode", async () => {
    const server = await startServer({ ...base("artifacts-only"), artifactsOnly: true });
    try {
      const api = restClient(server.url);
      const res = await api.post("runs/create", {});
      expect([res.status, res.body.error_code]).toEqual([503, "TEMPORARILY_UNAVAILABLE"]);
      expect(res.body.message).toContain("--artifacts-only");
      expect((await api.raw("GET", "/health")).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("reports a taken port as RESOURCE_CONFLICT and releases the database", async () => {
    const first = await startServer(base("port"));
    try {
      const port = Number(new URL(first.url).port);
      await expect(startServer({ ...base("port"), port })).rejects.toMatchObject({
        code: "RESOURCE_CONFLICT",
        message: expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use`),
      });
    } finally {
      await first.close();
    }
  });
});
