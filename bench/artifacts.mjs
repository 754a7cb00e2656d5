#!/usr/bin/env node
// Artifact proxy benchmark (issue 3). Plain Node, no test runner.
//
//   npm run build && node bench/artifacts.mjs                 # 1 GiB through a local and an S3 (s3rver) destination
//   node bench/artifacts.mjs --destination local --size-mib 256
//   node bench/artifacts.mjs --url http://127.0.0.1:5000      # an already running server (no RSS figures)
//
// For each destination it starts `sextant server` (packages/cli/dist/main.js) as a child
// process on a temporary SQLite store, streams a generated body up through
// PUT /api/2.0/mlflow-artifacts/artifacts/<path> and back down through GET, checks both
// SHA-256 digests match, and prints throughput (MiB/s) and the server's RSS growth over its
// idle baseline, sampled from /proc/<pid>/status every 20 ms. s3rver runs in this process,
// so the server's RSS is the server's alone. Exits 1 if RSS growth reaches --max-rss-growth-mb.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { rssMb, startCli } from "./start-cli.mjs";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    destination: { type: "string", default: "both" },
    "size-mib": { type: "string", default: "1024" },
    "max-rss-growth-mb": { type: "string", default: "100" },
  },
});
const SIZE = Number(args["size-mib"]) * 1024 * 1024;
const MAX_GROWTH_MB = Number(args["max-rss-growth-mb"]);

/** `size` bytes made on the fly: a random 1 MiB block, each copy stamped with its index. */
function generatedBody(size) {
  const block = randomBytes(1024 * 1024);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return this.push(null);
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, size - sent)));
      chunk.writeUInt32LE(sent / block.length, 0);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

/** Samples the server's RSS while `task` runs; returns the task's result and the peak. */
async function withPeakRss(pid, task) {
  if (!pid) return { result: await task(), peak: Number.NaN };
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 20);
  try {
    const result = await task();
    return { result, peak: Math.max(peak, rssMb(pid)) };
  } finally {
    clearInterval(timer);
  }
}

function upload(base, path, size, body) {
  const hash = createHash("sha256");
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(`/api/2.0/mlflow-artifacts/artifacts/${path}`, base),
      { method: "PUT", headers: { "content-length": size, "content-type": "application/octet-stream" } },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => (res.statusCode === 200 ? resolve(hash.digest("hex")) : reject(new Error(`PUT ${res.statusCode}: ${text}`))));
      },
    );
    req.on("error", reject);
    body.on("data", (chunk) => hash.update(chunk));
    body.pipe(req);
  });
}

function download(base, path) {
  const hash = createHash("sha256");
  let bytes = 0;
  return new Promise((resolve, reject) => {
    http
      .get(new URL(`/api/2.0/mlflow-artifacts/artifacts/${path}`, base), (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET ${res.statusCode}`));
        res.on("data", (chunk) => {
          hash.update(chunk);
          bytes += chunk.length;
        });
        res.on("end", () => resolve({ sha256: hash.digest("hex"), bytes }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

async function startS3rver(folder) {
  const { default: S3rver } = await import("s3rver");
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: join(folder, "s3"), configureBuckets: [{ name: "bench", configs: [] }] });
  const { address, port } = await s3.run();
  return {
    env: {
      MLFLOW_S3_ENDPOINT_URL: `http://${address}:${port}`,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    close: () => s3.close(),
  };
}

async function measure(name, server) {
  // Warm up the routes and the store, then let the heap settle for the baseline.
  await upload(server.url, "bench/warmup.bin", 1024 * 1024, generatedBody(1024 * 1024));
  await download(server.url, "bench/warmup.bin");
  await new Promise((r) => setTimeout(r, 1000));
  const baseline = server.pid ? rssMb(server.pid) : Number.NaN;

  let t0 = performance.now();
  const up = await withPeakRss(server.pid, () => upload(server.url, "bench/1gib.bin", SIZE, generatedBody(SIZE)));
  const upSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const down = await withPeakRss(server.pid, () => download(server.url, "bench/1gib.bin"));
  const downSeconds = (performance.now() - t0) / 1000;
  if (down.result.sha256 !== up.result || down.result.bytes !== SIZE) throw new Error(`${name}: downloaded bytes differ from uploaded ones`);

  const mib = SIZE / 1024 / 1024;
  const row = {
    destination: name,
    sizeMiB: mib,
    uploadMiBps: +(mib / upSeconds).toFixed(1),
    downloadMiBps: +(mib / downSeconds).toFixed(1),
    baselineRssMB: +baseline.toFixed(0),
    uploadPeakRssMB: +up.peak.toFixed(0),
    downloadPeakRssMB: +down.peak.toFixed(0),
    uploadRssGrowthMB: +(up.peak - baseline).toFixed(0),
    downloadRssGrowthMB: +(down.peak - baseline).toFixed(0),
  };
  console.log(
    `${name.padEnd(6)} ${mib} MiB  upload ${row.uploadMiBps} MiB/s, download ${row.downloadMiBps} MiB/s  ` +
      `server RSS ${row.baselineRssMB} MB idle, +${row.uploadRssGrowthMB} MB peak during upload, +${row.downloadRssGrowthMB} MB during download  (sha256 match)`,
  );
  return row;
}

const rows = [];
if (args.url) {
  rows.push(await measure("given", { url: args.url, pid: undefined }));
} else {
  const kinds = args.destination === "both" ? ["local", "s3"] : [args.destination];
  for (const kind of kinds) {
    const folder = mkdtempSync(join(tmpdir(), "sextant-bench-artifacts-"));
    const s3 = kind === "s3" ? await startS3rver(folder) : undefined;
    const server = await startCli(
      [
        "server", "--host", "127.0.0.1", "--port", "0",
        "--backend-store-uri", `sqlite:///${join(folder, "bench.db")}`,
        "--artifacts-destination", kind === "s3" ? "s3://bench/artifacts" : join(folder, "artifacts"),
      ],
      { env: s3?.env },
    );
    try {
      rows.push(await measure(kind, server));
    } finally {
      await server.stop();
      await s3?.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }
}
console.log(JSON.stringify(rows));
const worst = Math.max(...rows.map((r) => Math.max(r.uploadRssGrowthMB, r.downloadRssGrowthMB)).filter(Number.isFinite));
if (worst >= MAX_GROWTH_MB) {
  console.error(`server RSS grew by ${worst} MB, over the ${MAX_GROWTH_MB} MB bound`);
  process.exit(1);
}
