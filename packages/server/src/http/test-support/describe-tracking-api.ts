import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../app/start-server.js";
import { describeErrorHandling } from "./describe-error-handling.js";
import { describeExperimentEndpoints } from "./describe-experiment-endpoints.js";
import { describeRunEndpoints } from "./describe-run-endpoints.js";
import { type RestClient, restClient } from "./rest-client.js";
import type { TestBackend, TestDatabase } from "./test-backends.js";

/** What the endpoint suites share: a running server on a fresh database, and clients for it. */
export interface ApiContext {
  readonly server: RunningServer;
  readonly database: TestDatabase;
  /** Client for `/api/2.0/mlflow/...`. */
  readonly api: RestClient;
  /** Client for `/ajax-api/2.0/mlflow/...`. */
  readonly ajax: RestClient;
}

/**
 * The REST suite: a real `startServer` on port 0 over a fresh `backend` database, driven with
 * `fetch` through every tracking endpoint, happy paths and MLflow's errors.
 */
export function describeTrackingApi(backend: TestBackend): void {
  describe(`tracking REST API on ${backend.name}`, () => {
    let ctx: ApiContext | undefined;
    let artifacts = "";
    const context = (): ApiContext => {
      if (!ctx) throw new Error("server not started");
      return ctx;
    };

    beforeAll(async () => {
      artifacts = mkdtempSync(join(tmpdir(), "sextant-rest-artifacts-"));
      const database = await backend.create();
      const server = await startServer({
        backendStoreUri: database.uri,
        artifactsDestination: artifacts,
        port: 0,
        logger: false,
      });
      ctx = {
        server,
        database,
        api: restClient(server.url),
        ajax: restClient(server.url, "/ajax-api/2.0/mlflow/"),
      };
    });

    afterAll(async () => {
      await ctx?.server.close();
      await ctx?.database.drop();
      rmSync(artifacts, { recursive: true, force: true });
    });

    describeExperimentEndpoints(context);
    describeRunEndpoints(context);
    describeErrorHandling(context);

    it("serves /health and /version", async () => {
      const { api } = context();
      const health = await api.raw("GET", "/health");
      expect([health.status, health.text]).toEqual([200, "OK"]);
      const version = await api.raw("GET", "/version");
      expect(version.status).toBe(200);
      expect(version.text).toMatch(/^3\.\d+\.\d+$/);
      expect(version.headers.get("x-sextant-version")).toMatch(/^\d+\.\d+\.\d+/);
    });
  });
}
