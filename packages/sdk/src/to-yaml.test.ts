import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { toYaml } from "./to-yaml.js";

describe("toYaml", () => {
  it("writes block YAML that a YAML parser reads back to the same value", () => {
    const value = {
      flavors: { sextant_logreg: { loader: "logreg.js", coefficients: [0.5, -1.25, 0] } },
      name: "model",
      "key: with colon": "value # not a comment",
      numeric_string: "1.0",
      reserved: "yes",
      empty_list: [],
      empty_map: {},
      nested: [{ a: 1, b: [true, false, null] }, [1, 2], "x"],
      multiline: "line1\nline2",
      unicode: "café ☕",
      trailing: "space ",
    };
    expect(parse(toYaml(value))).toEqual(value);
  });

  it("writes NaN and infinities as YAML's .nan and .inf", () => {
    expect(toYaml({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY })).toBe(
      "a: .nan\nb: .inf\nc: -.inf\n",
    );
  });

  it("refuses values YAML cannot hold", () => {
    expect(() => toYaml({ f: () => 1 })).toThrow(/Cannot write function at '\$\.f'/);
  });
});
