import { describe, expect, it } from "vitest";
import { normalizeArtifactPath } from "./artifact-path.js";
import { ArtifactStoreRegistry } from "./artifact-store-registry.js";
import { artifactUriScheme, assertSafeArtifactLocation } from "./artifact-uri.js";
import { createArtifactStoreRegistry } from "./builtin-artifact-stores.js";
import { attachmentDisposition, guessContentType } from "./content-type.js";

describe("normalizeArtifactPath", () => {
  it("canonicalises harmless paths", () => {
    expect(normalizeArtifactPath("")).toBe("");
    expect(normalizeArtifactPath("a//b/./c/")).toBe("a/b/c");
    expect(normalizeArtifactPath("dir%20with%20space/f.txt")).toBe("dir with space/f.txt");
    expect(normalizeArtifactPath("100%.txt")).toBe("100%.txt");
    expect(normalizeArtifactPath("名前/ü.txt")).toBe("名前/ü.txt");
    expect(normalizeArtifactPath("a..b/..c")).toBe("a..b/..c");
  });

  it.each([
    ["..", "'..' segments"],
    ["a/../../b", "'..' segments"],
    ["%2e%2e/x", "'..' segments"],
    ["%252E%252E/x", "'..' segments"],
    ["%25252e%25252e/x", "'..' segments"],
    ["a%2f..%2f..%2fb", "'..' segments"],
    ["/etc/passwd", "relative"],
    ["%2Fetc/passwd", "relative"],
    ["C:/Windows", "relative"],
    ["file:///etc/passwd", "relative"],
    ["a\\..\\b", "backslashes"],
    ["a%5cb", "backslashes"],
    ["a#b", "'#'"],
    ["a%23b", "'#'"],
    ["a\u0000b", "control characters"],
    ["a%0ab", "control characters"],
  ])("refuses %j", (raw, reason) => {
    expect(() => normalizeArtifactPath(raw, "artifact_path")).toThrow(expect.objectContaining({ code: "INVALID_PARAMETER_VALUE" }));
    expect(() => normalizeArtifactPath(raw, "artifact_path")).toThrow(new RegExp(`'artifact_path'.*${reason.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });
});

describe("artifact locations", () => {
  it("tells schemes apart from paths", () => {
    expect(artifactUriScheme("/abs/path")).toBe("");
    expect(artifactUriScheme("relative/path")).toBe("");
    expect(artifactUriScheme("C:\\path")).toBe("");
    expect(artifactUriScheme("S3://b/k")).toBe("s3");
    expect(artifactUriScheme("mlflow-artifacts:/1/2")).toBe("mlflow-artifacts");
  });

  it.each([
    "file:///tmp/x#/../../etc",
    "/tmp/x?/../../etc",
    "s3://bucket/a/../b",
    "mlflow-artifacts:/%2e%2e/x",
    "runs:/abc/model",
    "C:\\x\\..\\y",
  ])("refuses %j", (uri) => {
    expect(() => assertSafeArtifactLocation(uri)).toThrow(expect.objectContaining({ code: "INVALID_PARAMETER_VALUE" }));
  });

  it("answers an unknown scheme with the known ones", () => {
    const registry = createArtifactStoreRegistry();
    expect(() => registry.open("gs://bucket/x")).toThrow(
      "Unsupported artifact URI scheme 'gs' in 'gs://bucket/x'. Known schemes: plain local paths, file:, s3:.",
    );
  });

  it("lets third-party plugins register like the built-ins", () => {
    const registry = new ArtifactStoreRegistry().register("mem", (uri) => ({
      uri,
      list: async () => [],
      read: async () => Promise.reject(new Error("empty")),
      write: async () => {},
      delete: async () => {},
    }));
    expect(registry.open("mem://x").uri).toBe("mem://x");
    expect(registry.schemes()).toEqual(["mem"]);
  });
});

describe("content types", () => {
  it.each([
    ["model/MLmodel", "text/plain; charset=utf-8"],
    ["MLproject", "text/plain; charset=utf-8"],
    ["conda.yaml", "text/plain; charset=utf-8"],
    ["train.log", "text/plain; charset=utf-8"],
    ["data.csv", "text/plain; charset=utf-8"],
    ["metrics.json", "application/json"],
    ["plot.PNG", "image/png"],
    ["photo.jpeg", "image/jpeg"],
    ["diagram.svg", "image/svg+xml"],
    ["model.pkl", "application/octet-stream"],
    ["noextension", "application/octet-stream"],
  ])("%s is served as %s", (path, type) => {
    expect(guessContentType(path)).toBe(type);
  });

  it("names downloads in ASCII and exactly in UTF-8", () => {
    expect(attachmentDisposition("report.txt")).toBe(`attachment; filename="report.txt"; filename*=UTF-8''report.txt`);
    expect(attachmentDisposition('ü "q".txt')).toBe(`attachment; filename="_ _q_.txt"; filename*=UTF-8''%C3%BC%20%22q%22.txt`);
  });
});
