#!/usr/bin/env node
// Tracking server benchmark (issue 2). Plain Node, no test runner.
//
//   node bench/tracking.mjs                      # starts `sextant server` on a temp SQLite DB
//   node bench/tracking.mjs --backend-store-uri postgresql://...   # same, on PostgreSQL
//   node bench/tracking.mjs --url http://127.0.0.1:5000            # an already running server (no RSS)
//
// Prints: runs created/s; single log-metric requests/s with 16 connections; metrics/s via
// log-batch of 1000; search-runs p50/p95 over 5,000 runs; get-history latency for 100,000
// steps; server RSS. Needs `npm run build` first (it runs packages/cli/dist/main.js).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    "backend-store-uri": { type: "string" },
    connections: { type: "string", default: "16" },
    seconds: { type: "string", default: "5" },
  },
});
const CONNECTIONS = Number(args.connections);
const SECONDS = Number(args.seconds);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function request(base, method, path, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {} },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 200) reject(new Error(`${method} ${path} -> ${res.statusCode}: ${text.slice(0, 300)}`));
          else resolve(text ? JSON.parse(text) : {});
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const api = (base) => ({
  post: (p, b) => request(base, "POST", `/api/2.0/mlflow/${p}`, b),
  get: (p, q) => request(base, "GET", `/api/2.0/mlflow/${p}?${new URLSearchParams(q)}`),
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

/** Runs `task()` from `concurrency` loops for `seconds`; returns requests per second. */
async function forDuration(seconds, concurrency, task) {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await task();
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function startServer(backendStoreUri) {
  const child = spawn(
    process.execPath,
    ["packages/cli/dist/main.js", "server", "--port", "0", "--backend-store-uri", backendStoreUri],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/https?:\/\/[\d.:[\]a-z]+:\d+/);
      if (m) resolve(m[0]);
    });
    child.once("exit", (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
  return { url, pid: child.pid, stop: () => child.kill("SIGTERM") };
}

function rssMb(pid) {
  if (!pid) return undefined;
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : undefined;
}

async function main() {
  let tmp;
  let server;
  if (args.url) server = { url: args.url, pid: undefined, stop() {} };
  else {
    tmp = mkdtempSync(join(tmpdir(), "sextant-bench-"));
    server = await startServer(args["backend-store-uri"] ?? `sqlite:///${join(tmp, "bench.db")}`);
  }
  const c = api(server.url);
  const report = (label, value) => console.log(`${label.padEnd(48)} ${value}`);
  console.log(`server ${server.url}, ${CONNECTIONS} connections`);
  const { experiment_id } = await c.post("experiments/create", { name: `bench-${Date.now()}` });

  // 1. Runs created per second.
  const nRuns = 2000;
  const runsMs = await pool(nRuns, CONNECTIONS, () => c.post("runs/create", { experiment_id, start_time: Date.now() }));
  report("runs created/s", Math.round(nRuns / (runsMs / 1000)));

  // 2. Single log-metric requests per second.
  const { run } = await c.post("runs/create", { experiment_id });
  let step = 0;
  const single = await forDuration(SECONDS, CONNECTIONS, () =>
    c.post("runs/log-metric", { run_id: run.info.run_id, key: "loss", value: Math.random(), timestamp: Date.now(), step: step++ }),
  );
  report(`single log-metric requests/s (${CONNECTIONS} conns)`, Math.round(single));

  // 3. Metrics per second via log-batch of 1000.
  const batches = 300;
  let batchNo = 0;
  const batchMs = await pool(batches, CONNECTIONS, async () => {
    const b = batchNo++;
    const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: `m${i % 10}`, value: i, timestamp: 1_700_000_000_000 + b, step: b * 100 + Math.floor(i / 10) }));
    await c.post("runs/log-batch", { run_id: run.info.run_id, metrics });
  });
  report("metrics/s via log-batch of 1000", Math.round((batches * 1000) / (batchMs / 1000)));

  // 4. Search over 5,000 runs with 3 params and 3 metrics each.
  const { experiment_id: searchExp } = await c.post("experiments/create", { name: `bench-search-${Date.now()}` });
  await pool(5000, CONNECTIONS, async (i) => {
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
    if (i === 0 && res.runs?.length !== 100) throw new Error(`search returned ${res.runs?.length} runs, expected 100`);
  }
  lat.sort((a, b) => a - b);
  report("search-runs p50 / p95 ms (5,000 runs)", `${quantile(lat, 0.5).toFixed(1)} / ${quantile(lat, 0.95).toFixed(1)}`);

  // 5. get-history for one metric of 100,000 steps.
  const { run: hist } = await c.post("runs/create", { experiment_id });
  await pool(100, 4, (b) =>
    c.post("runs/log-batch", {
      run_id: hist.info.run_id,
      metrics: Array.from({ length: 1000 }, (_, i) => ({ key: "curve", value: Math.sin(b * 1000 + i), timestamp: 1_700_000_000_000 + b * 1000 + i, step: b * 1000 + i })),
    }),
  );
  const hl = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const res = await c.get("metrics/get-history", { run_id: hist.info.run_id, metric_key: "curve" });
    hl.push(performance.now() - t0);
    if (res.metrics.length !== 100_000) throw new Error(`history has ${res.metrics.length} points`);
  }
  hl.sort((a, b) => a - b);
  report("get-history 100,000 points p50 / max ms", `${quantile(hl, 0.5).toFixed(1)} / ${hl.at(-1).toFixed(1)}`);

  const rss = rssMb(server.pid);
  if (rss !== undefined) report("server RSS MB", rss.toFixed(0));
  server.stop();
  agent.destroy();
  if (tmp) setTimeout(() => rmSync(tmp, { recursive: true, force: true }), 500);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
