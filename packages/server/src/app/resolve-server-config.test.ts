import { describe, expect, it } from "vitest";
import { redactUri } from "../stores/tracking-store-registry.js";
import { resolveServerConfig, toLocationUri } from "./resolve-server-config.js";

describe("resolveServerConfig", () => {
  it("applies mlflow server's defaults: proxying on, mlflow-artifacts:/ root, ./mlruns/artifacts", () => {
    expect(resolveServerConfig({ backendStoreUri: "sqlite:///mlruns/mlflow.db" }, "/work/dir")).toEqual({
      backendStoreUri: "sqlite:///mlruns/mlflow.db",
      defaultArtifactRoot: "mlflow-artifacts:/",
      serveArtifacts: true,
      artifactsDestination: "file:///work/dir/mlruns/artifacts",
      artifactsOnly: false,
      host: "127.0.0.1",
      port: 5000,
    });
  });

  it("stores artifacts under ./mlruns when not proxying, and resolves local roots to file URIs", () => {
    expect(resolveServerConfig({ backendStoreUri: "x", serveArtifacts: false }, "/w").defaultArtifactRoot).toBe("file:///w/mlruns");
    expect(resolveServerConfig({ backendStoreUri: "x", defaultArtifactRoot: "art" }, "/w").defaultArtifactRoot).toBe("file:///w/art");
    expect(resolveServerConfig({ backendStoreUri: "x", defaultArtifactRoot: "/abs/a b" }, "/w").defaultArtifactRoot).toBe("file:///abs/a%20b");
    expect(resolveServerConfig({ backendStoreUri: "x", defaultArtifactRoot: "s3://bucket/p" }, "/w").defaultArtifactRoot).toBe("s3://bucket/p");
    expect(resolveServerConfig({ backendStoreUri: "x", artifactsDestination: "s3://b" }, "/w").artifactsDestination).toBe("s3://b");
    expect(toLocationUri("file:///already", "/w")).toBe("file:///already");
  });

  it("refuses --artifacts-only without artifact serving, and bad ports", () => {
    expect(() => resolveServerConfig({ backendStoreUri: "x", artifactsOnly: true, serveArtifacts: false })).toThrow(/--artifacts-only/);
    expect(() => resolveServerConfig({ backendStoreUri: "x", port: 70_000 })).toThrow(/Invalid port 70000/);
    expect(resolveServerConfig({ backendStoreUri: "x", port: 0 }).port).toBe(0);
  });
});

describe("redactUri", () => {
  it("hides passwords and leaves other URIs alone", () => {
    expect(redactUri("postgresql://mlflow:s3cr3t@db:5432/mlflow")).toBe("postgresql://mlflow:***@db:5432/mlflow");
    expect(redactUri("postgresql+psycopg2://u:p@h/d")).toBe("postgresql+psycopg2://u:***@h/d");
    expect(redactUri("postgresql://u@h/d")).toBe("postgresql://u@h/d");
    expect(redactUri("sqlite:///mlruns/mlflow.db")).toBe("sqlite:///mlruns/mlflow.db");
  });
});
