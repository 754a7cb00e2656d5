import { describe, expect, it } from "vitest";
import { parseRoute, type Route, routeHref } from "./route.js";

describe("routes", () => {
  const cases: readonly Route[] = [
    { kind: "experiments" },
    { kind: "runs", experimentIds: ["1"] },
    { kind: "runs", experimentIds: ["1", "22"] },
    { kind: "run", runId: "abc123" },
    { kind: "compare", runIds: ["a", "b", "c"] },
    { kind: "models" },
    { kind: "model", name: "My model/with slash & space" },
    { kind: "modelVersion", name: "churn", version: "3" },
  ];

  it("round-trips every view through its URL", () => {
    for (const route of cases) {
      const href = routeHref(route);
      const url = new URL(href, "http://x");
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
  });

  it("accepts MLflow-style run links under an experiment", () => {
    expect(parseRoute("/experiments/4/runs/r1", "")).toEqual({ kind: "run", runId: "r1" });
  });

  it("reports unknown paths as notFound", () => {
    expect(parseRoute("/nope/x/y", "")).toEqual({ kind: "notFound", path: "/nope/x/y" });
    expect(parseRoute("/models/a/versions/1/extra", "").kind).toBe("notFound");
  });

  it("survives malformed percent-encoding", () => {
    expect(parseRoute("/models/%E0%A4%A", "")).toEqual({ kind: "model", name: "%E0%A4%A" });
  });
});
