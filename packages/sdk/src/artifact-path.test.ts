import { describe, expect, it } from "vitest";
import { artifactRepositoryFor } from "./artifact-repository-for.js";
import { normalizeArtifactPath } from "./artifact-path.js";
import { HttpTransport } from "./http-transport.js";
import { DEFAULT_RETRY_POLICY } from "./retry-policy.js";

const transport = new HttpTransport({
  baseUrl: "http://127.0.0.1:5000/prefix",
  headers: {},
  retry: DEFAULT_RETRY_POLICY,
  requestTimeoutMs: 1000,
});

describe("artifact locations", () => {
  it("normalises relative artifact paths and refuses escapes", () => {
    expect(normalizeArtifactPath("./a//b/")).toBe("a/b");
    expect(normalizeArtifactPath("a\\b")).toBe("a/b");
    expect(normalizeArtifactPath(undefined)).toBe("");
    expect(() => normalizeArtifactPath("/etc")).toThrow(/must be relative/);
    expect(() => normalizeArtifactPath("a/../../b")).toThrow(/must not contain '\.\.'/);
  });

  it("routes mlflow-artifacts URIs through the server's proxy", () => {
    expect(artifactRepositoryFor("mlflow-artifacts:/1/abc/artifacts", transport).location).toBe(
      "http://127.0.0.1:5000/prefix/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts",
    );
    expect(artifactRepositoryFor("mlflow-artifacts://other:7000/1/abc/artifacts", transport).location).toBe(
      "http://other:7000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts",
    );
  });

  it("writes file URIs and paths directly, and refuses cloud stores with advice", () => {
    expect(artifactRepositoryFor("file:///tmp/mlruns/1/abc/artifacts", transport).location).toBe(
      "/tmp/mlruns/1/abc/artifacts",
    );
    expect(artifactRepositoryFor("/tmp/x", transport).location).toBe("/tmp/x");
    expect(() => artifactRepositoryFor("s3://bucket/1/abc/artifacts", transport)).toThrow(/--serve-artifacts/);
  });
});
