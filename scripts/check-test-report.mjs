#!/usr/bin/env node
// Reads Vitest's JSON report and fails if any test was skipped, marked todo, or if no test
// ran at all; prints the plain closing line "N passed, N failed".
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "test-results/vitest.json";
const report = JSON.parse(readFileSync(file, "utf8"));
const skipped = [];
for (const suite of report.testResults ?? []) {
  for (const t of suite.assertionResults ?? []) {
    if (t.status === "skipped" || t.status === "pending" || t.status === "todo") skipped.push(`${suite.name}: ${t.fullName}`);
  }
}
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
if (skipped.length > 0) {
  console.error(`${skipped.length} test(s) were skipped; in CI every test must run:`);
  for (const s of skipped.slice(0, 50)) console.error(`  - ${s}`);
}
console.log(`${passed} passed, ${failed + skipped.length} failed`);
if (failed > 0 || skipped.length > 0 || passed === 0 || report.numFailedTestSuites > 0) process.exit(1);
