import { describe, expect, it } from "vitest";
import { fixedRowLayout, variableRowLayout } from "./row-layout.js";

describe("row layouts", () => {
  it("places fixed-height rows and finds the row under a y", () => {
    const l = fixedRowLayout(10, 32);
    expect(l.totalHeight).toBe(320);
    expect(l.top(3)).toBe(96);
    expect(l.indexAt(0)).toBe(0);
    expect(l.indexAt(95.9)).toBe(2);
    expect(l.indexAt(96)).toBe(3);
    expect(l.indexAt(10_000)).toBe(9);
    expect(l.indexAt(-5)).toBe(0);
    expect(fixedRowLayout(0, 32).indexAt(100)).toBe(0);
  });

  it("stacks rows of different heights and finds the row under a y", () => {
    const l = variableRowLayout([32, 50, 32, 68]);
    expect(l.totalHeight).toBe(182);
    expect([0, 1, 2, 3].map((i) => l.top(i))).toEqual([0, 32, 82, 114]);
    expect(l.height(3)).toBe(68);
    expect(l.indexAt(0)).toBe(0);
    expect(l.indexAt(31)).toBe(0);
    expect(l.indexAt(32)).toBe(1);
    expect(l.indexAt(81)).toBe(1);
    expect(l.indexAt(82)).toBe(2);
    expect(l.indexAt(150)).toBe(3);
    expect(l.indexAt(1e6)).toBe(3);
    expect(l.indexAt(-1)).toBe(0);
    expect(variableRowLayout([]).indexAt(10)).toBe(0);
  });

  it("agrees with the fixed layout when every row has the same height", () => {
    const heights = new Array(1000).fill(32);
    const v = variableRowLayout(heights);
    const f = fixedRowLayout(1000, 32);
    for (const y of [0, 1, 31, 32, 500, 12_345, 31_999, 40_000]) expect(v.indexAt(y)).toBe(f.indexAt(y));
  });
});
