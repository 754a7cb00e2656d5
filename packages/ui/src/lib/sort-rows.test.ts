import type { Run } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import { columnFromId, keyColumn } from "./run-columns.js";
import { toRunRow } from "./run-row.js";
import { sortRows } from "./sort-rows.js";

function run(id: string, opts: { metric?: number | string; param?: string; start?: number; name?: string } = {}): Run {
  return {
    info: {
      run_id: id,
      run_uuid: id,
      run_name: opts.name ?? id,
      experiment_id: "1",
      user_id: "u",
      status: "FINISHED",
      start_time: opts.start ?? 0,
      artifact_uri: "",
      lifecycle_stage: "active",
    },
    data: {
      metrics: opts.metric === undefined ? [] : [{ key: "acc", value: opts.metric as number, step: 0, timestamp: 0 }],
      params: opts.param === undefined ? [] : [{ key: "lr", value: opts.param }],
    },
  };
}

const ids = (rows: { runId: string }[]) => rows.map((r) => r.runId);

describe("sortRows", () => {
  const rows = [run("a", { metric: 0.5 }), run("b"), run("c", { metric: 0.9 }), run("d", { metric: "NaN" }), run("e", { metric: 0.1 })].map(toRunRow);

  it("sorts metrics numerically, missing values last in both directions", () => {
    const acc = keyColumn("metric", "acc");
    expect(ids(sortRows(rows, acc, "asc"))).toEqual(["e", "a", "c", "d", "b"]);
    expect(ids(sortRows(rows, acc, "desc"))).toEqual(["c", "a", "e", "d", "b"]);
  });

  it("does not touch its input", () => {
    const before = ids(rows);
    sortRows(rows, keyColumn("metric", "acc"), "asc");
    expect(ids(rows)).toEqual(before);
  });

  it("sorts numeric params as numbers and text naturally", () => {
    const p = [run("x", { param: "10" }), run("y", { param: "9" }), run("z", { param: "1e-3" })].map(toRunRow);
    expect(ids(sortRows(p, keyColumn("param", "lr"), "asc"))).toEqual(["z", "y", "x"]);
    const names = [run("1", { name: "run-10" }), run("2", { name: "run-9" }), run("3", { name: "Run-1" })].map(toRunRow);
    expect(ids(sortRows(names, columnFromId("attribute:run_name")!, "asc"))).toEqual(["3", "2", "1"]);
  });

  it("keeps incoming order for ties (stable)", () => {
    const tie = [run("p", { metric: 1 }), run("q", { metric: 1 }), run("r", { metric: 1 })].map(toRunRow);
    expect(ids(sortRows(tie, keyColumn("metric", "acc"), "desc"))).toEqual(["p", "q", "r"]);
  });

  it("sorts 10,000 rows by a metric in well under 100 ms", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => toRunRow(run(`r${i}`, { metric: Math.sin(i) })));
    const t = performance.now();
    const sorted = sortRows(many, keyColumn("metric", "acc"), "desc");
    expect(performance.now() - t).toBeLessThan(100);
    expect(sorted[0]?.metrics.get("acc")).toBeGreaterThanOrEqual(sorted[1]?.metrics.get("acc") ?? 0);
  });
});
