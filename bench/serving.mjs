#!/usr/bin/env node
// Model serving benchmark (issue 5). Plain Node, no test runner.
//
//   node bench/serving.mjs                       # saves a logistic-regression model, serves it
//   node bench/serving.mjs --url http://127.0.0.1:5001   # an already running `sextant models serve`
//   node bench/serving.mjs --rows 100 --seconds 10 --connections 16
//
// Starts `sextant models serve -m <model folder> -p 0` in its own process, then drives
// POST /invocations with `dataframe_split` bodies from N keep-alive connections for a fixed
// time (after a 1 s warm-up) and prints requests/s, rows/s and latency p50/p99/max. Every
// answer is checked (status 200 and one prediction per row). Needs `npm run build` first.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startCli } from "./start-cli.mjs";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    connections: { type: "string", default: "16" },
    seconds: { type: "string", default: "5" },
    rows: { type: "string", default: "2" },
  },
});
const CONNECTIONS = Number(args.connections);
const SECONDS = Number(args.seconds);
const ROWS = Number(args.rows);
const REPO = new URL("..", import.meta.url).pathname;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function post(base, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL("/invocations", base),
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function startServing(dir) {
  const { saveModel } = await import(join(REPO, "packages/sdk/dist/index.js"));
  const modelDir = join(dir, "model");
  await saveModel(
    { coef: [1.7, -0.9], intercept: 0.2, featureNames: ["x1", "x2"] },
    modelDir,
    { signature: { inputs: [{ name: "x1", type: "double" }, { name: "x2", type: "double" }], outputs: [{ name: "y", type: "long" }] } },
  );
  return startCli(["models", "serve", "-m", modelDir, "-p", "0"], { cwd: dir, urlPattern: /at (http:\/\/\S+)\/invocations/ });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function drive(url, body, seconds, record) {
  const until = performance.now() + seconds * 1000;
  let failures = 0;
  const loop = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      const answer = await post(url, body);
      const ms = performance.now() - t0;
      if (answer.status !== 200 || JSON.parse(answer.text).predictions.length !== ROWS) failures++;
      if (record) record.push(ms);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  return failures;
}

const dir = mkdtempSync(join(tmpdir(), "sextant-bench-serving-"));
const serving = args.url ? { url: args.url, stop: async () => {} } : await startServing(dir);
try {
  const data = Array.from({ length: ROWS }, (_, i) => [Math.sin(i) * 2, Math.cos(i) * 2]);
  const body = JSON.stringify({ dataframe_split: { columns: ["x1", "x2"], data } });
  await drive(serving.url, body, 1, undefined);
  const latencies = [];
  const started = performance.now();
  const failures = await drive(serving.url, body, SECONDS, latencies);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const rps = latencies.length / elapsed;
  console.log(`serving: ${CONNECTIONS} connections, ${ROWS} rows per request, ${SECONDS}s`);
  console.log(`  requests/s  ${rps.toFixed(0)}   rows/s ${(rps * ROWS).toFixed(0)}   requests ${latencies.length}   failures ${failures}`);
  console.log(
    `  latency ms  p50 ${percentile(latencies, 50).toFixed(2)}   p99 ${percentile(latencies, 99).toFixed(2)}   max ${latencies.at(-1).toFixed(2)}`,
  );
  if (failures > 0) process.exitCode = 1;
} finally {
  agent.destroy();
  await serving.stop();
  rmSync(dir, { recursive: true, force: true });
}
