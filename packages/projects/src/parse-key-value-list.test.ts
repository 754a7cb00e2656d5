import { describe, expect, it } from "vitest";
import { parseKeyValueList } from "./parse-key-value-list.js";

describe("parseKeyValueList", () => {
  it("splits at the first = and keeps order", () => {
    expect([...parseKeyValueList(["C=0.5", "expr=a=b", "empty="], "-P")]).toEqual([
      ["C", "0.5"],
      ["expr", "a=b"],
      ["empty", ""],
    ]);
  });

  it("accepts bare flags only when asked (docker args)", () => {
    expect([...parseKeyValueList(["t", "gpus=all"], "-A", true)]).toEqual([
      ["t", true],
      ["gpus", "all"],
    ]);
    expect(() => parseKeyValueList(["C"], "-P")).toThrow("Invalid format for -P parameter: 'C'. Use -P name=value.");
  });

  it("rejects repeated and empty names", () => {
    expect(() => parseKeyValueList(["C=1", "C=2"], "-P")).toThrow("Repeated parameter: 'C' is given twice with -P");
    expect(() => parseKeyValueList(["=1"], "-P")).toThrow(/has no name/);
  });
});
