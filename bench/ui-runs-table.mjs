#!/usr/bin/env node
// Web UI benchmark (issue 7): the runs table of a 10,000-run experiment in Chromium.
//
//   node bench/ui-runs-table.mjs                 # 10,000 runs x 20 params x 20 metrics
//   node bench/ui-runs-table.mjs --runs 2000     # smaller
//
// Starts a real server (startServer from the built @sextant/server) on a temp SQLite store,
// logs the runs through the REST API (runs/create + one log-batch per run, as a client would),
// opens /experiments/<id> in Debian's Chromium (playwright-core) and reports:
//   - time to first rendered table row, from navigation start (target < 1.5 s)
//   - time until all runs are loaded
//   - time to sort by a metric: header click -> sorted rows painted (target < 300 ms), median of 5
// Needs `npm run build` first (server dist and packages/ui/dist) and /usr/bin/chromium.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "@sextant/server";
import { chromium } from "playwright-core";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "10000" }, params: { type: "string", default: "20" }, metrics: { type: "string", default: "20" } },
});
const RUNS = Number(args.runs);
const PARAMS = Number(args.params);
const METRICS = Number(args.metrics);
const CHROMIUM = process.env.SEXTANT_CHROMIUM ?? "/usr/bin/chromium";
const UI_INDEX = new URL("../packages/ui/dist/index.html", import.meta.url);

if (!existsSync(UI_INDEX)) throw new Error("packages/ui/dist is missing: run `npm run build` first.");
if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
function post(base, path, body) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(`/api/2.0/mlflow/${path}`, base),
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 200) reject(new Error(`POST ${path} -> ${res.statusCode}: ${text.slice(0, 300)}`));
          else resolve(text ? JSON.parse(text) : {});
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so every run of the bench logs the same data. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function pool(count, concurrency, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), "sextant-bench-ui-"));
const server = await startServer({
  backendStoreUri: `sqlite:///${join(dir, "mlflow.db")}`,
  artifactsDestination: join(dir, "artifacts"),
  port: 0,
  logger: false,
});
let browser;
try {
  const base = server.url;
  const { experiment_id: experimentId } = await post(base, "experiments/create", { name: "ui-bench" });
  const random = rng(7);
  const t0 = Date.now() - RUNS * 1000;
  const loadStart = performance.now();
  await pool(RUNS, 8, async (i) => {
    const { run } = await post(base, "runs/create", { experiment_id: experimentId, run_name: `run-${String(i).padStart(5, "0")}`, start_time: t0 + i * 1000 });
    const ts = t0 + i * 1000 + 500;
    await post(base, "runs/log-batch", {
      run_id: run.info.run_id,
      params: Array.from({ length: PARAMS }, (_, p) => ({ key: `param_${String(p).padStart(2, "0")}`, value: String(Math.round(random() * 1000) / 1000) })),
      metrics: Array.from({ length: METRICS }, (_, m) => ({ key: `metric_${String(m).padStart(2, "0")}`, value: random(), step: 0, timestamp: ts })),
    });
    await post(base, "runs/update", { run_id: run.info.run_id, status: "FINISHED", end_time: ts + 1000 });
  });
  console.log(`logged ${RUNS} runs x ${PARAMS} params x ${METRICS} metrics through the REST API in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  // Records when the first table row is in the DOM and then painted (next animation frame).
  await page.addInitScript(() => {
    const obs = new MutationObserver(() => {
      if (document.querySelector("[data-testid=run-row]")) {
        obs.disconnect();
        requestAnimationFrame(() => {
          window.__firstRowMs = performance.now();
        });
      }
    });
    obs.observe(document, { childList: true, subtree: true });
  });

  const firstRows = [];
  const allLoaded = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(`${base}/experiments/${experimentId}`);
    await page.waitForFunction(() => window.__firstRowMs !== undefined, undefined, { timeout: 60_000 });
    firstRows.push(await page.evaluate(() => window.__firstRowMs));
    await page.waitForFunction((n) => document.querySelector("[data-testid=runs-count]")?.textContent?.startsWith(`${n.toLocaleString()} runs`) && !document.querySelector("[data-testid=runs-count]")?.textContent?.includes("loading"), RUNS, { timeout: 120_000, polling: 50 });
    allLoaded.push(await page.evaluate(() => performance.now()));
  }

  // Sort by a metric: click the header, wait for the sorted first row, then for the next paint.
  const sortTimes = [];
  for (let i = 0; i < 6; i++) {
    const ms = await page.evaluate(async () => {
      const header = document.querySelector('button[data-column-id="metric:metric_07"]');
      const before = document.querySelector("[data-testid=run-row]")?.getAttribute("data-run-id");
      const t = performance.now();
      header.click();
      await new Promise((resolve) => {
        const check = () => {
          const rows = [...document.querySelectorAll("[data-testid=run-row]")];
          const first = rows.find((r) => r.style.top === "0px");
          if (first && first.getAttribute("data-run-id") !== before) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t;
    });
    sortTimes.push(ms);
  }
  // Check the order really is by metric_07.
  const firstValues = await page.$$eval("[data-testid=run-row]", (rows) =>
    rows
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .slice(0, 5)
      .map((r) => r.querySelectorAll(".rt-metric")[7]?.textContent),
  );
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (x) => `${Math.round(x)} ms`;
  console.log(`time to first rendered row: median ${fmt(median(firstRows))} (runs: ${firstRows.map(fmt).join(", ")}; target < 1500 ms)`);
  console.log(`time until all ${RUNS} runs loaded: median ${fmt(median(allLoaded))} (runs: ${allLoaded.map(fmt).join(", ")})`);
  console.log(`time to sort by metric_07 (click -> sorted rows painted): median ${fmt(median(sortTimes))} (runs: ${sortTimes.map(fmt).join(", ")}; target < 300 ms)`);
  console.log(`first rows after the last sort (metric_07, descending): ${firstValues.join(", ")}`);
  if (errors.length) console.log(`console errors: ${errors.join(" | ")}`);
} finally {
  await browser?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
