import type { Metric } from "@sextant/protocol";
import { describe, expect, it } from "vitest";
import { toChartColumns } from "./chart-data.js";

const m = (step: number, value: number | string, timestamp = 1000 + step * 10): Metric => ({ key: "loss", value: value as number, step, timestamp });

describe("toChartColumns", () => {
  it("sorts by step and counts the logged points", () => {
    const cols = toChartColumns([{ label: "r", color: "#000000", points: [m(2, 0.2), m(0, 1), m(1, 0.5)] }], { xMode: "step", logScale: false, smoothing: 0 });
    expect(cols.xs).toEqual([0, 1, 2]);
    expect(cols.ys).toEqual([[1, 0.5, 0.2]]);
    expect(cols.pointCount).toBe(3);
  });

  it("uses seconds for wall time and relative time", () => {
    const pts = [m(0, 1, 5000), m(1, 2, 7000)];
    expect(toChartColumns([{ label: "r", color: "#000000", points: pts }], { xMode: "time", logScale: false, smoothing: 0 }).xs).toEqual([5, 7]);
    expect(toChartColumns([{ label: "r", color: "#000000", points: pts }], { xMode: "relative", logScale: false, smoothing: 0 }).xs).toEqual([0, 2]);
  });

  it("drops non-positive and non-finite values on a log scale", () => {
    const cols = toChartColumns([{ label: "r", color: "#000000", points: [m(0, 0), m(1, -1), m(2, "NaN"), m(3, 10)] }], { xMode: "step", logScale: true, smoothing: 0 });
    expect(cols.ys[0]).toEqual([null, null, null, 10]);
  });

  it("joins several runs on a shared x axis and adds smoothed lines", () => {
    const cols = toChartColumns(
      [
        { label: "a", color: "#000000", points: [m(0, 1), m(2, 3)] },
        { label: "b", color: "#ffffff", points: [m(1, 5)] },
      ],
      { xMode: "step", logScale: false, smoothing: 0.5 },
    );
    expect(cols.xs).toEqual([0, 1, 2]);
    expect(cols.lines).toEqual([
      { series: 0, raw: true },
      { series: 0, raw: false },
      { series: 1, raw: true },
      { series: 1, raw: false },
    ]);
    expect(cols.ys[0]).toEqual([1, null, 3]);
    expect(cols.ys[2]).toEqual([null, 5, null]);
    expect(cols.pointCount).toBe(3);
  });

  it("prepares 100,000 points in well under a second", () => {
    const points = Array.from({ length: 100_000 }, (_, i) => m(i, Math.exp(-i / 20_000)));
    const t = performance.now();
    const cols = toChartColumns([{ label: "r", color: "#000000", points }], { xMode: "step", logScale: true, smoothing: 0.9 });
    expect(cols.xs).toHaveLength(100_000);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
