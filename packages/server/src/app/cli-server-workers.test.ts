import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type RestClient, restClient } from "../http/test-support/rest-client.js";
import { createTestDatabase } from "../test-support/postgres.js";
import { childPids, cpuTicks } from "./test-support/child-processes.js";
import { type CliProcess, serverUrl, spawnCli } from "./test-support/cli-process.js";

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const CLIENTS = 16;
const ROUNDS = 12;
const BATCH = 50;

/**
 * 16 clients, half into one shared run and half into a run each; every round is one
 * log-batch of 50 steps of `c<client>` plus one single log-metric of `s<client>`.
 */
async function logConcurrently(api: RestClient): Promise<{ shared: string; own: string[] }> {
  const create = async () => (await api.post("runs/create", { experiment_id: "0" })).body.run.info.run_id as string;
  const shared = await create();
  const own = await Promise.all(Array.from({ length: CLIENTS / 2 }, create));
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const runId = client < CLIENTS / 2 ? shared : own[client - CLIENTS / 2]!;
      for (let round = 0; round < ROUNDS; round++) {
        const metrics = Array.from({ length: BATCH }, (_, i) => ({ key: `c${client}`, value: i, timestamp: 1, step: round * BATCH + i }));
        const batch = await api.post("runs/log-batch", { run_id: runId, metrics });
        expect(batch.status, batch.text).toBe(200);
        const single = await api.post("runs/log-metric", { run_id: runId, key: `s${client}`, value: round, timestamp: 1, step: round });
        expect(single.status, single.text).toBe(200);
      }
    }),
  );
  return { shared, own };
}

async function historyLength(api: RestClient, runId: string, key: string): Promise<number> {
  const res = await api.get("metrics/get-history", { run_id: runId, metric_key: key });
  expect(res.status, res.text).toBe(200);
  return (res.body.metrics ?? []).length;
}

/** Keeps 8 clients sending log-batch until SIGTERM; returns the ids of the batches answered 200. */
async function batchesAcrossSigterm(cli: CliProcess, api: RestClient, runId: string): Promise<Set<number>> {
  const acknowledged = new Set<number>();
  let next = 0;
  let stopped = false;
  const client = async () => {
    while (!stopped) {
      const id = next++;
      const metrics = Array.from({ length: 100 }, (_, step) => ({ key: `t${id}`, value: step, timestamp: 1, step }));
      try {
        const res = await api.post("runs/log-batch", { run_id: runId, metrics });
        if (res.status === 200) acknowledged.add(id);
        else throw new Error(`batch ${id}: ${res.status} ${res.text}`);
      } catch (error) {
        // After SIGTERM a new connection may be refused; before it, nothing may fail.
        if (!stopped) throw error;
      }
    }
  };
  const load = Promise.all(Array.from({ length: 8 }, client));
  await until("40 acknowledged batches", () => (acknowledged.size >= 40 ? true : undefined));
  cli.child.kill("SIGTERM");
  stopped = true;
  await load;
  return acknowledged;
}

const BACKENDS = [
  { name: "SQLite", store: async (dir: string) => ({ uri: `sqlite:///${join(dir, "workers.db")}`, drop: async () => {} }) },
  {
    name: "PostgreSQL",
    store: async () => {
      const db = await createTestDatabase();
      return { uri: db.url, drop: db.drop };
    },
  },
];

describe("sextant server --workers (built CLI)", () => {
  const dir = mkdtempSync(join(tmpdir(), "sextant-workers-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists -w/--workers and MLFLOW_WORKERS in --help, and rejects a bad count in one line", async () => {
    const help = await spawnCli(["server", "--help"]).done;
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("-w, --workers <N>");
    expect(help.stdout).toContain("MLFLOW_WORKERS");
    const bad = await spawnCli(["server", "--workers", "two", "--port", "0"], { cwd: dir }).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`Invalid --workers "two": use a whole number of processes from 1 to 64.`);
    const memory = await spawnCli(["server", "-w", "2", "--port", "0", "--backend-store-uri", "sqlite:///:memory:"]).done;
    expect(memory.code).toBe(1);
    expect(memory.stderr.trim().split("\n")).toHaveLength(1);
    expect(memory.stderr).toContain("in-memory SQLite store");
  });

  for (const backend of BACKENDS) {
    it(`${backend.name}: 16 concurrent clients lose nothing, both workers serve, SIGTERM mid-load keeps every acknowledged batch`, async () => {
      const store = await backend.store(dir);
      try {
        const args = ["server", "--port", "0", "--backend-store-uri", store.uri, "--artifacts-destination", join(dir, "artifacts")];
        const cli = spawnCli([...args, "--workers", "2"], { cwd: dir });
        const url = await serverUrl(cli);
        expect(cli.stdout()).toContain("2 workers");
        expect(cli.stdout().match(/listening at/g)).toHaveLength(1);
        const api = restClient(url);
        const workers = childPids(cli.child.pid!);
        expect(workers).toHaveLength(2);
        const before = workers.map(cpuTicks);

        const { shared, own } = await logConcurrently(api);
        for (let client = 0; client < CLIENTS; client++) {
          const runId = client < CLIENTS / 2 ? shared : own[client - CLIENTS / 2]!;
          expect(await historyLength(api, runId, `c${client}`)).toBe(ROUNDS * BATCH);
          expect(await historyLength(api, runId, `s${client}`)).toBe(ROUNDS);
        }
        // Both processes did request work (each burnt CPU beyond its idle start-up).
        const used = workers.map((pid, i) => cpuTicks(pid) - before[i]!);
        for (const ticks of used) expect(ticks).toBeGreaterThan(5);

        const acknowledged = await batchesAcrossSigterm(cli, api, shared);
        expect(await cli.exited).toBe(0);
        expect(cli.stderr()).toContain("SIGTERM received");
        for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();

        const again = spawnCli(args, { cwd: dir });
        try {
          const api2 = restClient(await serverUrl(again));
          const run = (await api2.get("runs/get", { run_id: shared })).body.run;
          const keys = new Set<string>(run.data.metrics.map((m: { key: string }) => m.key));
          for (const id of acknowledged) expect(keys.has(`t${id}`), `batch ${id}`).toBe(true);
          for (const id of [...acknowledged].slice(0, 5)) expect(await historyLength(api2, shared, `t${id}`)).toBe(100);
        } finally {
          again.child.kill("SIGTERM");
          expect(await again.exited).toBe(0);
        }
      } finally {
        await store.drop();
      }
    });
  }

  it("replaces a crashed worker with a one-line message, and stops after 5 crashes within 10 s", async () => {
    const cli = spawnCli(["server", "-w", "2", "--port", "0", "--backend-store-uri", `sqlite:///${join(dir, "crash.db")}`], { cwd: dir });
    const api = restClient(await serverUrl(cli));
    const primary = cli.child.pid!;
    const [first] = childPids(primary);
    process.kill(first!, "SIGKILL");
    const replacement = await until("a replacement worker", () => {
      const pids = childPids(primary);
      return pids.length === 2 && !pids.includes(first!) ? pids : undefined;
    });
    const message = `sextant server: worker ${first} exited unexpectedly (signal SIGKILL); starting a replacement\n`;
    await until("the crash message", () => (cli.stderr().includes(message) ? true : undefined));
    expect(cli.stderr().trim().split("\n")).toEqual([message.trim()]);
    for (let i = 0; i < 10; i++) expect((await api.get("experiments/get", { experiment_id: "0" })).status).toBe(200);

    // Four more crashes in quick succession: the primary gives up instead of looping.
    const killed = new Set<number>([first!]);
    while (cli.child.exitCode === null && killed.size < 5) {
      const victim = await until("a live worker", () => childPids(primary).find((pid) => !killed.has(pid)), 5_000).catch(() => undefined);
      if (victim === undefined) break;
      killed.add(victim);
      process.kill(victim, "SIGKILL");
    }
    expect(replacement).toHaveLength(2);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toMatch(/5 worker exits within 10 s, stopping the server/);
  });
});
