import { describe, expect, it } from "vitest";
import { parseProjectUri } from "./parse-project-uri.js";

describe("parseProjectUri", () => {
  it("tells local folders from Git URLs as MLflow does", () => {
    expect(parseProjectUri("examples/logistic-regression")).toMatchObject({ kind: "local", location: "examples/logistic-regression", subdirectory: "" });
    expect(parseProjectUri("/abs/path")).toMatchObject({ kind: "local" });
    expect(parseProjectUri("https://github.com/org/repo.git#examples/lr")).toMatchObject({
      kind: "git",
      location: "https://github.com/org/repo.git",
      subdirectory: "examples/lr",
    });
    expect(parseProjectUri("git@github.com:org/repo.git")).toMatchObject({ kind: "git" });
    expect(parseProjectUri("file:///srv/repo.git#sub")).toMatchObject({ kind: "git", location: "file:///srv/repo.git", subdirectory: "sub" });
    expect(parseProjectUri("'./quoted'")).toMatchObject({ kind: "local", location: "./quoted" });
  });

  it("rejects escaping subdirectories, zip archives and empty URIs", () => {
    expect(() => parseProjectUri("https://h/r.git#../x")).toThrow(/must be a relative path inside the project/);
    expect(() => parseProjectUri("https://h/r.git#/etc")).toThrow(/must be a relative path/);
    expect(() => parseProjectUri("https://h/p.zip")).toThrow(/\.zip archive/);
    expect(() => parseProjectUri("")).toThrow(/empty/);
  });
});
