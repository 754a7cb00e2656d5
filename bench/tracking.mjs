#!/usr/bin/env node
// Tracking server benchmark (issue 2). Plain Node, no test runner. Needs `npm run build` first
// (it runs packages/cli/dist/main.js). See bench/README.md.
//
//   node bench/tracking.mjs                                   # starts `sextant server` on a temp SQLite DB
//   node bench/tracking.mjs --backend postgresql              # on a fresh PostgreSQL database (see bench-postgres.mjs)
//   node bench/tracking.mjs --backend-store-uri postgresql://user@host:5432/db   # that store (must be empty-ish)
//   node bench/tracking.mjs --url http://127.0.0.1:5000       # an already running server (no CPU/RSS figures)
//   node bench/tracking.mjs --only single --client both --seconds 10
//
// Measures: runs created/s; single log-metric requests/s with N connections (load from `wrk`
// when installed, and/or from Node's http client); metrics/s via log-batch of 1000;
// search-runs p50/p95 over 5,000 runs (3 params, 3 metrics each) with a metric+param filter
// ordered by a metric, max_results 100; get-history of one metric with 100,000 steps; server
// RSS. Prints the load average before and after: on a shared 2-core machine the figures move
// with it, so compare runs made under similar load. The server's CPU time per request (from
// /proc) is printed for the log-metric runs; it depends much less on load than requests/s.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { rssMb, startCli } from "./start-cli.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const SECTIONS = ["runs", "single", "batch", "search", "history"];

const USAGE = `usage: node bench/tracking.mjs [options]
  --backend sqlite|postgresql   store to start the server on (default sqlite; postgresql uses
                                SEXTANT_TEST_POSTGRES_URL or --postgres-admin-url, else a throwaway cluster)
  --backend-store-uri URI       start the server on this store instead
  --postgres-admin-url URL      server on which --backend postgresql creates its database
  --url URL                     benchmark an already running server (nothing is started)
  --connections N               concurrent connections for the load phases (default 16)
  --workers N                   start the server with --workers N (default 1); CPU and RSS figures
                                then sum the primary and its worker processes
  --seconds S                   duration of each single log-metric run (default 5)
  --client auto|wrk|node|both   load generator for single log-metric (default auto: both when wrk is
                                installed, else node)
  --wrk-threads N               wrk threads (default 1; wrk shares the machine with the server)
  --only LIST                   comma-separated subset of: ${SECTIONS.join(",")}
  --history-points N            points in the get-history metric (default 100000)
  --search-runs N               runs in the search experiment (default 5000)`;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      url: { type: "string" },
      backend: { type: "string", default: "sqlite" },
      "backend-store-uri": { type: "string" },
      "postgres-admin-url": { type: "string" },
      connections: { type: "string", default: "16" },
      workers: { type: "string", default: "1" },
      seconds: { type: "string", default: "5" },
      client: { type: "string", default: "auto" },
      "wrk-threads": { type: "string", default: "1" },
      only: { type: "string", default: SECTIONS.join(",") },
      "history-points": { type: "string", default: "100000" },
      "search-runs": { type: "string", default: "5000" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

function positiveInt(name) {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got '${args[name]}'\n${USAGE}`);
    process.exit(2);
  }
  return n;
}
function oneOf(name, allowed) {
  if (!allowed.includes(args[name])) {
    console.error(`--${name} must be one of ${allowed.join(", ")}, got '${args[name]}'\n${USAGE}`);
    process.exit(2);
  }
  return args[name];
}

const CONNECTIONS = positiveInt("connections");
const WORKERS = positiveInt("workers");
const SECONDS = positiveInt("seconds");
const WRK_THREADS = positiveInt("wrk-threads");
const HISTORY_POINTS = positiveInt("history-points");
const SEARCH_RUNS = positiveInt("search-runs");
const BACKEND = oneOf("backend", ["sqlite", "postgresql"]);
const CLIENT = oneOf("client", ["auto", "wrk", "node", "both"]);
const ONLY = new Set(args.only.split(",").map((s) => s.trim()));
for (const s of ONLY) if (!SECTIONS.includes(s)) oneOf("only", SECTIONS);

const WRK_INSTALLED = spawnSync("wrk", ["-v"], { encoding: "utf8" }).error === undefined;
if (CLIENT === "wrk" && !WRK_INSTALLED) {
  console.error("--client wrk: wrk is not installed (Debian: apt-get install -y wrk)");
  process.exit(2);
}
const CLIENTS = CLIENT === "auto" ? (WRK_INSTALLED ? ["wrk", "node"] : ["node"]) : CLIENT === "both" ? ["wrk", "node"] : [CLIENT];

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

/** One HTTP exchange; resolves with the body text once the last byte arrived. Non-200 rejects. */
function request(base, method, path, body) {
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      { method, agent, headers: payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {} },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 200) reject(new Error(`${method} ${path} -> ${res.statusCode}: ${text.slice(0, 300)}`));
          else resolve(text);
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const api = (base) => ({
  post: async (p, b) => JSON.parse(await request(base, "POST", `/api/2.0/mlflow/${p}`, b)),
  getText: (p, q) => request(base, "GET", `/api/2.0/mlflow/${p}?${new URLSearchParams(q)}`),
});

/** Runs `task(i)` for i in [0, count) with `concurrency` in flight; returns elapsed ms. */
async function pool(count, concurrency, task) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return performance.now() - t0;
}

/** Runs `task()` from `concurrency` loops for `seconds`; returns { done, perSecond }. */
async function forDuration(seconds, concurrency, task) {
  let done = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await task();
        done++;
      }
    }),
  );
  return { done, perSecond: done / ((performance.now() - t0) / 1000) };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Fields of /proc/<pid>/stat after the parenthesised command name ([1] is the parent pid). */
function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** `pid` and its child processes (a `--workers N` server's primary and workers), from /proc. */
function serverPids(pid) {
  const pids = [pid];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(entry)[1]) === pid) pids.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return pids;
}

/** The server's user+system CPU time in ms (Linux /proc; all its processes), or undefined without a pid. */
function cpuMs(pid) {
  if (!pid) return undefined;
  // utime and stime are the 12th and 13th fields after the command name.
  let ticks = 0;
  for (const p of serverPids(pid)) {
    const fields = statFields(p);
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100;
}

/** Runs wrk against runs/log-metric for `run_id`; returns its figures parsed from stdout. */
function runWrk(url, runId) {
  const res = spawnSync(
    "wrk",
    [`-t${WRK_THREADS}`, `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--latency", "-s", join(HERE, "log-metric.lua"), url, "--", runId, String(WRK_THREADS)],
    { encoding: "utf8" },
  );
  if (res.status !== 0) throw new Error(`wrk failed (${res.status}): ${res.stderr || res.stdout}`);
  const num = (re) => {
    const m = res.stdout.match(re);
    return m ? Number(m[1]) : undefined;
  };
  const latency = (p) => {
    const m = res.stdout.match(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, "m"));
    if (!m) return undefined;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const bad = num(/Non-2xx or 3xx responses: (\d+)/) ?? 0;
  const socketErrors = res.stdout.match(/Socket errors: (.*)/)?.[1];
  if (bad > 0) throw new Error(`wrk: ${bad} responses were not 200:\n${res.stdout}`);
  return {
    perSecond: num(/Requests\/sec:\s+([\d.]+)/),
    done: num(/(\d+) requests in/),
    p50: latency(50),
    p99: latency(99),
    note: socketErrors ? `socket errors: ${socketErrors}` : "",
  };
}

const rows = [];
/** Adds a result row: what, the figure, the issue-2 target (SQLite, 2 cores) and whether it holds. */
function report(label, value, target, ok) {
  rows.push({ label, value, target: target ?? "", verdict: ok === undefined ? "" : ok ? "ok" : "MISSED" });
  console.log(`  ${label}: ${value}`);
}

function printTable() {
  const w = [
    Math.max(...rows.map((r) => r.label.length)),
    Math.max(...rows.map((r) => r.value.length)),
    Math.max(6, ...rows.map((r) => r.target.length)),
  ];
  const line = (a, b, c, d) => `${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c.padEnd(w[2])}  ${d}`;
  console.log(`\n${line("measure", "result", "target", "")}`);
  console.log(line("-".repeat(w[0]), "-".repeat(w[1]), "-".repeat(w[2]), ""));
  for (const r of rows) console.log(line(r.label, r.value, r.target, r.verdict));
}

const fmtLoad = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

async function main() {
  let workDir;
  let server;
  let postgres;
  let backendNote;
  const cleanup = async () => {
    await server?.stop?.();
    agent.destroy();
    await postgres?.drop().catch((e) => console.error(`dropping the bench database failed: ${e.message}`));
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  };
  process.once("SIGINT", () => {
    void cleanup().finally(() => process.exit(130));
  });

  try {
    if (args.url) {
      server = { url: args.url, pid: undefined };
      backendNote = "already running server";
    } else {
      workDir = mkdtempSync(join(tmpdir(), "sextant-bench-"));
      let uri = args["backend-store-uri"];
      if (uri === undefined && BACKEND === "postgresql") {
        postgres = await (await import("./bench-postgres.mjs")).benchPostgres(args["postgres-admin-url"] ?? process.env.SEXTANT_TEST_POSTGRES_URL);
        uri = postgres.url;
        backendNote = postgres.note;
      }
      uri ??= `sqlite:///${join(workDir, "bench.db")}`;
      backendNote ??= uri.startsWith("sqlite") ? "SQLite (temp file)" : uri.replace(/\/\/[^@/]*@/, "//***@");
      server = await startCli(["server", "--port", "0", "--workers", String(WORKERS), "--backend-store-uri", uri, "--artifacts-destination", join(workDir, "artifacts")]);
    }
    console.log(`sextant tracking bench  ${new Date().toISOString()}`);
    console.log(`machine: ${cpus().length} cpus (${cpus()[0]?.model.trim()}), Node ${process.version}`);
    console.log(`load average at start (1/5/15 min): ${fmtLoad()}`);
    console.log(`server ${server.url}  store: ${backendNote}${args.url ? "" : `  workers: ${WORKERS}`}`);
    console.log(`${CONNECTIONS} connections, ${SECONDS} s per log-metric run, load generator(s): ${CLIENTS.join(" + ")}${WRK_INSTALLED ? "" : " (wrk not installed)"}\n`);
    const c = api(server.url);
    const { experiment_id } = await c.post("experiments/create", { name: `bench-${Date.now()}` });
    const newRun = async () => (await c.post("runs/create", { experiment_id })).run.info.run_id;

    if (ONLY.has("runs")) {
      const nRuns = 2000;
      const ms = await pool(nRuns, CONNECTIONS, () => c.post("runs/create", { experiment_id, start_time: Date.now() }));
      report("runs created/s", String(Math.round(nRuns / (ms / 1000))));
    }

    if (ONLY.has("single")) {
      for (const client of CLIENTS) {
        const runId = await newRun();
        const cpu0 = cpuMs(server.pid);
        let result;
        if (client === "wrk") result = runWrk(server.url, runId);
        else {
          let step = 0;
          const lat = [];
          result = await forDuration(SECONDS, CONNECTIONS, async () => {
            const t0 = performance.now();
            const body = `{"run_id":"${runId}","key":"loss","value":${Math.random()},"timestamp":${1_700_000_000_000 + step},"step":${step++}}`;
            await request(server.url, "POST", "/api/2.0/mlflow/runs/log-metric", body);
            lat.push(performance.now() - t0);
          });
          lat.sort((a, b) => a - b);
          result = { ...result, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), note: "" };
        }
        const cpu = cpuMs(server.pid) === undefined ? undefined : cpuMs(server.pid) - cpu0;
        // Every acknowledged request must be in the history (wrk may cut a few in flight at the end: more is fine).
        const stored = (JSON.parse(await c.getText("metrics/get-history", { run_id: runId, metric_key: "loss" })).metrics ?? []).length;
        if (stored < result.done) throw new Error(`${client}: ${result.done} log-metric requests answered 200 but only ${stored} metrics stored`);
        const rps = Math.round(result.perSecond);
        report(`single log-metric req/s, ${CONNECTIONS} conns (${client})`, String(rps), ">= 20000", rps >= 20_000);
        report(
          `  latency p50 / p99 ms (${client})`,
          `${result.p50?.toFixed(2) ?? "?"} / ${result.p99?.toFixed(2) ?? "?"}`,
        );
        if (cpu !== undefined) report(`  server CPU per request (${client})`, `${((cpu * 1000) / result.done).toFixed(1)} us`);
        if (result.note) report(`  ${client} note`, result.note);
      }
    }

    if (ONLY.has("batch")) {
      const runId = await newRun();
      const batches = 300;
      let batchNo = 0;
      const ms = await pool(batches, CONNECTIONS, async () => {
        const b = batchNo++;
        const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: `m${i % 10}`, value: i, timestamp: 1_700_000_000_000 + b, step: b * 100 + Math.floor(i / 10) }));
        await c.post("runs/log-batch", { run_id: runId, metrics });
      });
      const perSecond = Math.round((batches * 1000) / (ms / 1000));
      report("metrics/s via log-batch of 1000", String(perSecond), ">= 300000", perSecond >= 300_000);
    }

    if (ONLY.has("search")) {
      const { experiment_id: searchExp } = await c.post("experiments/create", { name: `bench-search-${Date.now()}` });
      await pool(SEARCH_RUNS, CONNECTIONS, async (i) => {
        const { run: r } = await c.post("runs/create", { experiment_id: searchExp, start_time: 1_700_000_000_000 + i });
        await c.post("runs/log-batch", {
          run_id: r.info.run_id,
          params: [
            { key: "C", value: String([0.01, 0.1, 0.5, 1, 10][i % 5]) },
            { key: "penalty", value: i % 2 ? "l1" : "l2" },
            { key: "seed", value: String(i) },
          ],
          metrics: [
            { key: "train acc", value: (i % 97) / 97, timestamp: 1, step: 0 },
            { key: "test acc", value: (i % 89) / 89, timestamp: 1, step: 0 },
            { key: "loss", value: 1 / (i + 1), timestamp: 1, step: 0 },
          ],
        });
      });
      const searchBody = {
        experiment_ids: [searchExp],
        filter: "metrics.`train acc` > 0.3 AND params.penalty = 'l2'",
        order_by: ["metrics.`test acc` DESC"],
        max_results: 100,
      };
      const lat = [];
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        const res = await c.post("runs/search", searchBody);
        lat.push(performance.now() - t0);
        // About a third of the runs match; with the default 5,000 a full page of 100 is expected.
        if (i === 0 && SEARCH_RUNS >= 1000 && res.runs?.length !== 100) throw new Error(`search returned ${res.runs?.length} runs, expected 100`);
      }
      lat.sort((a, b) => a - b);
      const p50 = quantile(lat, 0.5);
      report(`search-runs p50 / p95 ms (${SEARCH_RUNS} runs)`, `${p50.toFixed(1)} / ${quantile(lat, 0.95).toFixed(1)}`, "p50 <= 30", p50 <= 30);
    }

    if (ONLY.has("history")) {
      const runId = await newRun();
      const batches = Math.ceil(HISTORY_POINTS / 1000);
      await pool(batches, 4, (b) =>
        c.post("runs/log-batch", {
          run_id: runId,
          metrics: Array.from({ length: Math.min(1000, HISTORY_POINTS - b * 1000) }, (_, i) => {
            const n = b * 1000 + i;
            return { key: "curve", value: Math.sin(n), timestamp: 1_700_000_000_000 + n, step: n };
          }),
        }),
      );
      const received = [];
      const parsed = [];
      let bytes = 0;
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        const text = await c.getText("metrics/get-history", { run_id: runId, metric_key: "curve" });
        received.push(performance.now() - t0);
        const body = JSON.parse(text);
        parsed.push(performance.now() - t0);
        bytes = Buffer.byteLength(text);
        if (body.metrics?.length !== HISTORY_POINTS) throw new Error(`history has ${body.metrics?.length} points, expected ${HISTORY_POINTS}`);
        const last = body.metrics[HISTORY_POINTS - 1];
        if (last.step !== HISTORY_POINTS - 1 || last.value !== Math.sin(HISTORY_POINTS - 1)) throw new Error(`last point is wrong: ${JSON.stringify(last)}`);
      }
      received.sort((a, b) => a - b);
      parsed.sort((a, b) => a - b);
      const p50 = quantile(received, 0.5);
      report(
        `get-history ${HISTORY_POINTS} points p50 / max ms (last byte)`,
        `${p50.toFixed(1)} / ${received.at(-1).toFixed(1)}`,
        "<= 150",
        HISTORY_POINTS === 100_000 ? p50 <= 150 : undefined,
      );
      report("  same, incl. client JSON.parse, p50 ms", parsed[Math.floor(parsed.length / 2)].toFixed(1));
      report("  response size MB", (bytes / 1e6).toFixed(1));
    }

    const rss = server.pid ? serverPids(server.pid).reduce((sum, pid) => sum + (rssMb(pid) ?? 0), 0) : undefined;
    if (rss !== undefined) report("server RSS MB", rss.toFixed(0));
    printTable();
    console.log(`\nload average at end (1/5/15 min): ${fmtLoad()}`);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
