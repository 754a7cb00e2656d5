import { describe, expect, it } from "vitest";
import { resolveTrackingTarget } from "./resolve-tracking-target.js";

describe("resolveTrackingTarget", () => {
  it("defaults to ./mlruns served by an embedded server", () => {
    expect(resolveTrackingTarget(undefined, "/work")).toEqual({
      kind: "embedded",
      backendStoreUri: "sqlite:////work/mlruns/mlflow.db",
      artifactsDestination: "/work/mlruns/artifacts",
      folder: "/work/mlruns",
      isDefault: true,
    });
    expect(resolveTrackingTarget("  ", "/work")).toMatchObject({ kind: "embedded", isDefault: true });
  });

  it("serves a folder given as a path or file: URI the same way", () => {
    expect(resolveTrackingTarget("runs", "/work")).toMatchObject({ folder: "/work/runs", backendStoreUri: "sqlite:////work/runs/mlflow.db", isDefault: false });
    expect(resolveTrackingTarget("file:///data/mlruns", "/work")).toMatchObject({ folder: "/data/mlruns", artifactsDestination: "/data/mlruns/artifacts" });
    expect(resolveTrackingTarget("./mlruns", "/work")).toMatchObject({ isDefault: true });
  });

  it("passes servers through and serves database URIs", () => {
    expect(resolveTrackingTarget("http://10.0.0.5:5000", "/w")).toEqual({ kind: "server", uri: "http://10.0.0.5:5000" });
    expect(resolveTrackingTarget("postgresql://u:p@db/mlflow", "/w")).toMatchObject({
      kind: "embedded",
      backendStoreUri: "postgresql://u:p@db/mlflow",
      artifactsDestination: "/w/mlruns/artifacts",
    });
  });

  it("refuses other schemes with what to do instead", () => {
    expect(() => resolveTrackingTarget("databricks", "/w")).toThrow(/'databricks' scheme, which sextant does not support/);
    expect(() => resolveTrackingTarget("databricks://profile", "/w")).toThrow(/'databricks' scheme, which sextant does not support: use http\(s\)/);
  });
});
