import { describe, expect, it } from "vitest";
import { appendUriPath } from "./artifact-uri.js";
import { likeToGlob } from "./compare-sql.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { pythonRepr, pythonReprDicts } from "./python-repr.js";

describe("likeToGlob", () => {
  it("maps LIKE wildcards and makes GLOB's own metacharacters literal", () => {
    expect(likeToGlob("a%b_c")).toBe("a*b?c");
    expect(likeToGlob("x*y?z[1]")).toBe("x[*]y[?]z[[]1]");
    expect(likeToGlob("back\\slash")).toBe("back\\slash");
  });
});

describe("page tokens", () => {
  it("round-trip offsets as base64 JSON like MLflow's", () => {
    expect(Buffer.from(encodePageToken(40), "base64").toString()).toBe('{"offset":40}');
    expect(decodePageToken(encodePageToken(40))).toBe(40);
    expect(decodePageToken(undefined)).toBe(0);
    expect(decodePageToken(Buffer.from('{"offset": "12"}').toString("base64"))).toBe(12);
  });

  it("reject anything else with INVALID_PARAMETER_VALUE", () => {
    for (const bad of ["***", "e30=", Buffer.from('{"offset": -1}').toString("base64"), Buffer.from("[1]").toString("base64")]) {
      expect(() => decodePageToken(bad)).toThrow(/Invalid page token/);
    }
  });
});

describe("pythonRepr", () => {
  it("quotes like Python's repr()", () => {
    expect(pythonRepr("abc")).toBe("'abc'");
    expect(pythonRepr("it's")).toBe(`"it's"`);
    expect(pythonRepr(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(pythonRepr("a\\b\nc")).toBe("'a\\\\b\\nc'");
    expect(pythonReprDicts([{ key: "k", old_value: "1" }])).toBe("[{'key': 'k', 'old_value': '1'}]");
  });
});

describe("appendUriPath", () => {
  it("joins with exactly one slash and keeps the query", () => {
    expect(appendUriPath("/tmp/mlruns", "0")).toBe("/tmp/mlruns/0");
    expect(appendUriPath("s3://bucket/root/", "3", "abc", "artifacts")).toBe("s3://bucket/root/3/abc/artifacts");
    expect(appendUriPath("mlflow-artifacts:/", "0")).toBe("mlflow-artifacts:/0");
    expect(appendUriPath("file:///tmp/x?mode=y", "1")).toBe("file:///tmp/x/1?mode=y");
  });
});
