#!/usr/bin/env node
// Web UI benchmark (issue 7): one metric with 100,000 points on the run page, in Chromium.
//
//   node bench/ui-metric-chart.mjs               # 100,000 points
//   node bench/ui-metric-chart.mjs --points 20000
//
// Starts a real server (startServer from the built @sextant/server) on a temp SQLite store,
// logs the history through runs/log-batch (1,000 points a request), opens /runs/<id> in
// Debian's Chromium and reports: time until the chart is drawn with every point; redraw
// time after switching to a log scale, after turning smoothing on, and after a drag-zoom;
// and the time per frame while the cursor sweeps across the chart (uPlot's hover legend).
// Needs `npm run build` first and /usr/bin/chromium.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "@sextant/server";
import { chromium } from "playwright-core";

const { values: args } = parseArgs({ options: { points: { type: "string", default: "100000" } } });
const POINTS = Number(args.points);
const CHROMIUM = process.env.SEXTANT_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(new URL("../packages/ui/dist/index.html", import.meta.url))) throw new Error("packages/ui/dist is missing: run `npm run build` first.");
if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);

async function post(base, path, body) {
  const res = await fetch(`${base}/api/2.0/mlflow/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path} -> ${res.status}: ${await res.text()}`);
  return res.json();
}

const dir = mkdtempSync(join(tmpdir(), "sextant-bench-chart-"));
const server = await startServer({ backendStoreUri: `sqlite:///${join(dir, "mlflow.db")}`, artifactsDestination: join(dir, "artifacts"), port: 0, logger: false });
let browser;
try {
  const base = server.url;
  const { run } = await post(base, "runs/create", { experiment_id: "0", run_name: "long-training" });
  const runId = run.info.run_id;
  const t0 = Date.now() - POINTS * 10;
  const logStart = performance.now();
  for (let i = 0; i < POINTS; i += 1000) {
    const metrics = [];
    for (let s = i; s < Math.min(POINTS, i + 1000); s++) {
      metrics.push({ key: "loss", value: Math.exp(-s / (POINTS / 5)) + 0.05 * Math.sin(s / 7) + 0.06, step: s, timestamp: t0 + s * 10 });
    }
    await post(base, "runs/log-batch", { run_id: runId, metrics });
  }
  await post(base, "runs/update", { run_id: runId, status: "FINISHED", end_time: Date.now() });
  console.log(`logged ${POINTS} points in ${((performance.now() - logStart) / 1000).toFixed(1)} s`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  const chartSel = `[data-testid=metric-chart][data-metric-key="loss"]`;

  await page.goto(`${base}/runs/${runId}`);
  await page.waitForSelector(`${chartSel}[data-points="${POINTS}"][data-drawn="1"]`, { timeout: 120_000 });
  const firstDraw = await page.evaluate(() => performance.now());

  /** Runs `act` in the page and returns ms until the chart has drawn again (and painted). */
  const redraw = (act) =>
    page.evaluate(
      async ([sel, actSrc]) => {
        const box = document.querySelector(sel);
        box.removeAttribute("data-drawn");
        const t = performance.now();
        new Function("box", actSrc)(box);
        await new Promise((resolve) => {
          const check = () => (box.getAttribute("data-drawn") === "1" ? resolve() : requestAnimationFrame(check));
          check();
        });
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t;
      },
      [chartSel, act],
    );
  const logScale = await redraw(`box.closest("section").querySelector("input[type=checkbox]").click();`);
  const smoothing = await redraw(`
    const input = box.closest("section").querySelector("input[type=range]");
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(input, "0.9");
    input.dispatchEvent(new Event("input", { bubbles: true }));`);

  // Drag-zoom on the plot area with the real mouse.
  const over = await page.locator(`${chartSel} .u-over`).boundingBox();
  await page.evaluate((sel) => document.querySelector(sel).removeAttribute("data-drawn"), chartSel);
  const zoomStart = await page.evaluate(() => performance.now());
  await page.mouse.move(over.x + over.width * 0.3, over.y + over.height / 2);
  await page.mouse.down();
  await page.mouse.move(over.x + over.width * 0.5, over.y + over.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForSelector(`${chartSel}[data-drawn="1"]`);
  const zoom = (await page.evaluate(() => performance.now())) - zoomStart;

  // Cursor sweep: 60 moves, each waiting for the next frame.
  const sweepStart = await page.evaluate(() => performance.now());
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(over.x + (over.width * i) / 60, over.y + over.height / 3);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  }
  const sweep = ((await page.evaluate(() => performance.now())) - sweepStart) / 60;

  const fmt = (x) => `${Math.round(x)} ms`;
  console.log(`chart of ${POINTS.toLocaleString("en-US")} points drawn ${fmt(firstDraw)} after navigation start (fetch + parse + draw)`);
  console.log(`redraw: log scale ${fmt(logScale)}, smoothing 0.9 (raw + smoothed lines) ${fmt(smoothing)}, drag-zoom ${fmt(zoom)} (includes the mouse events)`);
  console.log(`cursor sweep: ${sweep.toFixed(1)} ms per move+frame (includes a DevTools round trip per move)`);
  if (errors.length) console.log(`console errors: ${errors.join(" | ")}`);
} finally {
  await browser?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
