import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../app/start-server.js";
import { type RestClient, restClient } from "./rest-client.js";
import type { TestBackend, TestDatabase } from "./test-backends.js";

const CLIENTS = 16;
const METRICS_PER_CLIENT = 10_000;
const BATCH = 1000;
const KEYS_PER_CLIENT = 10;
const BASE_TIME = 1_700_000_000_000;

/** The metrics client `c` sends in its batch number `b`: 10 keys, 100 consecutive steps each. */
function batchOf(c: number, b: number, keyPrefix: string) {
  return Array.from({ length: BATCH }, (_, i) => {
    const key = `${keyPrefix}k${i % KEYS_PER_CLIENT}`;
    const step = b * (BATCH / KEYS_PER_CLIENT) + Math.floor(i / KEYS_PER_CLIENT);
    return { key, value: c * 1_000_000 + step + 0.5, timestamp: BASE_TIME + step, step };
  });
}

/** Reads a metric's whole history, following page tokens. */
async function history(api: RestClient, runId: string, key: string): Promise<{ step: number; value: number; timestamp: number }[]> {
  const out: { step: number; value: number; timestamp: number }[] = [];
  let token: string | undefined;
  do {
    const res = await api.get("metrics/get-history", { run_id: runId, metric_key: key, ...(token ? { page_token: token } : {}) });
    expect(res.status).toBe(200);
    out.push(...(res.body.metrics ?? []));
    token = res.body.next_page_token;
  } while (token);
  return out;
}

/** Checks that every metric client `c` sent under `keyPrefix` is in the run's history, exactly once. */
async function expectAllLogged(api: RestClient, runId: string, c: number, keyPrefix: string): Promise<void> {
  const perKey = METRICS_PER_CLIENT / KEYS_PER_CLIENT;
  for (let k = 0; k < KEYS_PER_CLIENT; k++) {
    const rows = await history(api, runId, `${keyPrefix}k${k}`);
    expect(rows).toHaveLength(perKey);
    const got = rows.map((r) => `${r.step}:${r.value}:${r.timestamp}`).sort();
    const want = Array.from({ length: perKey }, (_, s) => `${s}:${c * 1_000_000 + s + 0.5}:${BASE_TIME + s}`).sort();
    expect(got).toEqual(want);
  }
}

/**
 * 16 concurrent clients each logging 10,000 metrics through log-batch (batches of 1000), into
 * one shared run and into a run each; afterwards every metric is in get-history.
 */
export function describeConcurrentLogging(backend: TestBackend): void {
  describe(`concurrent log-batch on ${backend.name}`, () => {
    let server: RunningServer | undefined;
    let database: TestDatabase | undefined;
    let artifacts = "";
    const api = (): RestClient => restClient(server!.url);

    beforeAll(async () => {
      artifacts = mkdtempSync(join(tmpdir(), "sextant-concurrency-"));
      database = await backend.create();
      server = await startServer({ backendStoreUri: database.uri, artifactsDestination: artifacts, port: 0, logger: false });
    });

    afterAll(async () => {
      await server?.close();
      await database?.drop();
      rmSync(artifacts, { recursive: true, force: true });
    });

    const newRun = async (): Promise<string> => (await api().post("runs/create", {})).body.run.info.run_id;

    const logAll = async (runIdOf: (c: number) => string, keyPrefixOf: (c: number) => string) => {
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let b = 0; b < METRICS_PER_CLIENT / BATCH; b++) {
            const res = await api().post("runs/log-batch", { run_id: runIdOf(c), metrics: batchOf(c, b, keyPrefixOf(c)) });
            expect([res.status, res.text]).toEqual([200, "{}"]);
          }
        }),
      );
    };

    it("keeps every metric when 16 clients log into the same run", async () => {
      const runId = await newRun();
      await logAll(
        () => runId,
        (c) => `c${c}/`,
      );
      for (let c = 0; c < CLIENTS; c++) await expectAllLogged(api(), runId, c, `c${c}/`);
      const latest = (await api().get("runs/get", { run_id: runId })).body.run.data.metrics;
      expect(latest).toHaveLength(CLIENTS * KEYS_PER_CLIENT);
      for (const m of latest) expect(m.step).toBe(METRICS_PER_CLIENT / KEYS_PER_CLIENT - 1);
    });

    it("keeps every metric when 16 clients log into a run each", async () => {
      const runIds = await Promise.all(Array.from({ length: CLIENTS }, () => newRun()));
      await logAll(
        (c) => runIds[c]!,
        () => "",
      );
      for (let c = 0; c < CLIENTS; c++) await expectAllLogged(api(), runIds[c]!, c, "");
    });
  });
}
