import { describe, expect, it } from "vitest";
import { smoothSeries } from "./smoothing.js";

describe("smoothSeries", () => {
  it("returns the input when the weight is 0, with non-finite values as null", () => {
    expect(smoothSeries([1, Number.NaN, 3, Number.POSITIVE_INFINITY], 0)).toEqual([1, null, 3, null]);
  });

  it("is debiased: a constant series stays constant", () => {
    for (const v of smoothSeries([5, 5, 5, 5, 5], 0.9)) expect(v).toBeCloseTo(5, 10);
  });

  it("follows an exponential moving average and skips gaps", () => {
    const out = smoothSeries([0, null, 10], 0.5);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeNull();
    // (0.5*0 + 0.5*10) / (1 - 0.25) = 6.666...
    expect(out[2]).toBeCloseTo(20 / 3, 10);
  });

  it("smooths 100,000 points quickly", () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 100) + Math.random() * 0.1);
    const t = performance.now();
    expect(smoothSeries(xs, 0.95)).toHaveLength(100_000);
    expect(performance.now() - t).toBeLessThan(100);
  });
});
