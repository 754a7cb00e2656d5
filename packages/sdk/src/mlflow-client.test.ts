import { TRACKING_ENDPOINTS } from "@sextant/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { MlflowClient } from "./mlflow-client.js";
import { RestError } from "./rest-error.js";
import { type Reply, type RecordedRequest, startRecordingServer } from "./test-support/recording-server.js";

const FAST_RETRY = { timeoutMs: 2_000, initialDelayMs: 10, maxDelayMs: 50 };
const servers: { close(): Promise<void> }[] = [];

async function serve(handler?: (request: RecordedRequest, index: number) => Reply | Promise<Reply>) {
  const server = await startRecordingServer(handler);
  servers.push(server);
  const client = new MlflowClient({ trackingUri: server.url, env: {}, retry: FAST_RETRY });
  return { server, client };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("MlflowClient wire behaviour", () => {
  it("sends GET fields as a query string (repeated keys for lists) and POST fields as JSON", async () => {
    const { server, client } = await serve(() => ({ json: { metrics: [] } }));
    await client.getMetricHistoryPage("r 1", "test acc", { maxResults: 5 });
    await client.getMetricHistoryBulkInterval(["a", "b"], "loss");
    await client.setTag("r1", "k", "v");
    const [history, bulk, setTag] = server.requests;
    expect(history?.method).toBe("GET");
    expect(history?.url).toBe("/api/2.0/mlflow/metrics/get-history?run_id=r+1&metric_key=test+acc&max_results=5");
    expect(bulk?.url).toBe("/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=a&run_ids=b&metric_key=loss");
    expect(setTag?.method).toBe("POST");
    expect(setTag?.url).toBe("/api/2.0/mlflow/runs/set-tag");
    expect(setTag?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(setTag?.body ?? "")).toEqual({ run_id: "r1", key: "k", value: "v" });
  });

  it("fills {path} parameters of logged-model and registry endpoints from the body", async () => {
    const { server, client } = await serve(() => ({ json: { model: {} } }));
    await client.call("getLoggedModel", { model_id: "m-1/x" });
    await client.call("finalizeLoggedModel", { model_id: "m-2", status: "LOGGED_MODEL_READY" });
    await client.call("deleteRegisteredModel", { name: "test_model" });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/2.0/mlflow/logged-models/m-1%2Fx",
      "PATCH /api/2.0/mlflow/logged-models/m-2",
      "DELETE /api/2.0/mlflow/registered-models/delete",
    ]);
    expect(JSON.parse(server.requests[1]?.body ?? "")).toEqual({ status: "LOGGED_MODEL_READY" });
    expect(JSON.parse(server.requests[2]?.body ?? "")).toEqual({ name: "test_model" });
    await expect(client.call("getLoggedModel", {})).rejects.toThrow(/path parameter 'model_id'/);
  });

  it("can call every tracking endpoint of the table", async () => {
    const { server, client } = await serve(() => ({ json: {} }));
    const seen = new Set<string>();
    for (const endpoint of TRACKING_ENDPOINTS) {
      if (seen.has(endpoint.name)) continue;
      seen.add(endpoint.name);
      // biome-ignore lint/suspicious/noExplicitAny: exercising the name-typed call with each table entry
      await (client.call as (n: string, b: object) => Promise<unknown>)(endpoint.name, { run_id: "r" } as any);
    }
    const called = server.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`);
    const expected = [...seen].map((name) => {
      const e = TRACKING_ENDPOINTS.find((x) => x.name === name)!;
      return `${e.method} /api/2.0${e.path}`;
    });
    expect(called).toEqual(expected);
  });

  it("sends NaN and ±Infinity metric values as strings and reads them back as numbers", async () => {
    const { server, client } = await serve((request) =>
      request.url.startsWith("/api/2.0/mlflow/metrics/get-history")
        ? {
            json: {
              metrics: [
                { key: "m", value: "NaN", timestamp: "5", step: 1 },
                { key: "m", value: "-Infinity", timestamp: 6, step: 2 },
                { key: "m", value: 1.5, timestamp: 7, step: 3 },
              ],
            },
          }
        : { json: { run: { info: { run_id: "r" }, data: { params: [{ key: "p", value: "NaN" }] } } } },
    );
    await client.logBatch("r", {
      metrics: [
        { key: "m", value: Number.NaN, timestamp: 1, step: 0 },
        { key: "m", value: Number.POSITIVE_INFINITY, timestamp: 2, step: 0 },
        { key: "m", value: Number.NEGATIVE_INFINITY, timestamp: 3, step: 0 },
      ],
    });
    const sent = JSON.parse(server.requests[0]?.body ?? "") as { metrics: { value: unknown }[] };
    expect(sent.metrics.map((m) => m.value)).toEqual(["NaN", "Infinity", "-Infinity"]);
    const history = await client.getMetricHistory("r", "m");
    expect(history.map((m) => m.value)).toEqual([Number.NaN, Number.NEGATIVE_INFINITY, 1.5]);
    expect(history[0]?.timestamp).toBe(5);
    const run = await client.getRun("r");
    expect(run.data.params?.[0]?.value).toBe("NaN");
  });

  it("follows next_page_token through every page of the metric history", async () => {
    const { server, client } = await serve((request) => {
      const token = new URL(request.url, "http://x").searchParams.get("page_token");
      const page = token ? Number(token) : 0;
      return {
        json: {
          metrics: [{ key: "m", value: page, timestamp: 1, step: page }],
          ...(page < 2 ? { next_page_token: String(page + 1) } : {}),
        },
      };
    });
    expect((await client.getMetricHistory("r", "m")).map((m) => m.step)).toEqual([0, 1, 2]);
    expect(server.requests).toHaveLength(3);
  });

  it("turns an error answer into a RestError with MLflow's error code, without retrying a 4xx", async () => {
    const { server, client } = await serve(() => ({
      status: 404,
      json: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Run with id=nope not found" },
    }));
    const error = await client.getRun("nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({
      errorCode: "RESOURCE_DOES_NOT_EXIST",
      httpStatus: 404,
      message: "Run with id=nope not found",
    });
    expect(server.requests).toHaveLength(1);
    expect(await client.getExperimentByName("nope")).toBeUndefined();
  });

  it("describes a non-JSON error answer by status, method and URL", async () => {
    const { client } = await serve(() => ({ status: 400, text: "<html>bad gateway</html>" }));
    await expect(client.getRun("r")).rejects.toMatchObject({
      errorCode: "BAD_REQUEST",
      httpStatus: 400,
      message: expect.stringMatching(/GET http:\/\/127\.0\.0\.1:\d+\/api\/2\.0\/mlflow\/runs\/get\?run_id=r answered HTTP 400: <html>/),
    });
  });

  it("retries 429 and 5xx answers with backoff until one succeeds", async () => {
    const { server, client } = await serve((_r, index) =>
      index === 0
        ? { status: 503, json: { error_code: "TEMPORARILY_UNAVAILABLE", message: "busy" } }
        : index === 1
          ? { status: 429, json: { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow down" } }
          : { json: { experiment_id: "7" } },
    );
    expect(await client.createExperiment("e")).toBe("7");
    expect(server.requests).toHaveLength(3);
  });

  it("gives up on a persistent 500 within the retry budget with the server's RestError", async () => {
    const server = await startRecordingServer(() => ({ status: 500, json: { error_code: "INTERNAL_ERROR", message: "boom" } }));
    servers.push(server);
    const client = new MlflowClient({ trackingUri: server.url, env: {}, retry: { timeoutMs: 200, initialDelayMs: 10, maxDelayMs: 20 } });
    const started = Date.now();
    await expect(client.getRun("r")).rejects.toMatchObject({ errorCode: "INTERNAL_ERROR", message: "boom" });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests.length).toBeGreaterThan(2);
  });

  it("names the URL when the server cannot be reached", async () => {
    const server = await startRecordingServer();
    const url = server.url;
    await server.close();
    const client = new MlflowClient({ trackingUri: url, env: {}, retry: { timeoutMs: 100, initialDelayMs: 10, maxDelayMs: 20 } });
    await expect(client.getRun("r")).rejects.toMatchObject({
      code: "TEMPORARILY_UNAVAILABLE",
      message: expect.stringContaining(`Could not reach the tracking server: GET ${url}/api/2.0/mlflow/runs/get?run_id=r failed with ECONNREFUSED`),
    });
  });

  it("authenticates with MLFLOW_TRACKING_TOKEN (bearer) or username/password (basic)", async () => {
    const server = await startRecordingServer(() => ({ json: { run: { info: { run_id: "r", artifact_uri: "x" }, data: {} } } }));
    servers.push(server);
    await new MlflowClient({ trackingUri: server.url, env: { MLFLOW_TRACKING_TOKEN: "t0k" } }).getRun("r");
    await new MlflowClient({
      trackingUri: server.url,
      env: { MLFLOW_TRACKING_USERNAME: "ann", MLFLOW_TRACKING_PASSWORD: "p:w" },
    }).getRun("r");
    const host = server.url.replace("http://", "");
    await new MlflowClient({ trackingUri: `http://bob:s%40cret@${host}`, env: {} }).getRun("r");
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer t0k",
      `Basic ${Buffer.from("ann:p:w").toString("base64")}`,
      `Basic ${Buffer.from("bob:s@cret").toString("base64")}`,
    ]);
    expect(server.requests[0]?.headers["user-agent"]).toMatch(/^sextant-ts-sdk\//);
  });

  it("refuses local and database tracking URIs with a message saying what to do", () => {
    for (const uri of ["file:///tmp/mlruns", "./mlruns", "/tmp/mlruns", "sqlite:///db.sqlite"]) {
      expect(() => new MlflowClient({ trackingUri: uri, env: {} })).toThrow(/sextant run.*sextant server/);
    }
    expect(() => new MlflowClient({ env: {} })).toThrow(/No tracking URI: set MLFLOW_TRACKING_URI/);
    expect(
      () => new MlflowClient({ trackingUri: "https://x.example", env: { MLFLOW_TRACKING_INSECURE_TLS: "true" } }),
    ).toThrow(/MLFLOW_TRACKING_INSECURE_TLS.*NODE_EXTRA_CA_CERTS/);
  });
});
