#!/usr/bin/env node
/**
 * Writes the example's datasets deterministically (same bytes on every run):
 *
 * - data/dataset.csv: two informative, overlapping Gaussian classes (about 88% separable).
 * - data/sparse-signal.csv: x1 carries the signal, x2 is pure noise, so a strong L1
 *   penalty (small C) drives the x2 coefficient to exactly zero.
 *
 * Both files have the header `x1,x2,y,split`, 400 rows, and every fourth row (100 rows)
 * in the `test` split. Usage: `node scripts/generate-data.mjs` from any directory.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROWS = 400;
const TEST_EVERY = 4;

/** mulberry32: small, seedable 32-bit PRNG returning floats in [0, 1). */
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal sample by the Box-Muller transform. */
function normal(random) {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Builds CSV text; `sample(random, y)` returns the feature pair of one row of class y. */
function buildCsv(seed, positiveRate, sample) {
  const random = createRandom(seed);
  const lines = ["x1,x2,y,split"];
  for (let i = 0; i < ROWS; i++) {
    const y = random() < positiveRate ? 1 : 0;
    const [x1, x2] = sample(random, y);
    const split = i % TEST_EVERY === TEST_EVERY - 1 ? "test" : "train";
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${y},${split}`);
  }
  return `${lines.join("\n")}\n`;
}

const overlapping = buildCsv(20240611, 0.55, (random, y) => {
  const [m1, m2] = y === 1 ? [1.2, 0.9] : [-0.3, -0.6];
  return [m1 + 0.9 * normal(random), m2 + 0.9 * normal(random)];
});

const sparseSignal = buildCsv(7, 0.6, (random, y) => {
  const m1 = y === 1 ? 1.0 : -1.0;
  return [m1 + 0.9 * normal(random), 0.5 + normal(random)];
});

const dataDir = fileURLToPath(new URL("../data/", import.meta.url));
writeFileSync(`${dataDir}dataset.csv`, overlapping);
writeFileSync(`${dataDir}sparse-signal.csv`, sparseSignal);
console.log(`wrote ${dataDir}dataset.csv and ${dataDir}sparse-signal.csv (${ROWS} rows each)`);
