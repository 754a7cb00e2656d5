import { describe, expect, it } from "vitest";
import type { ComputedParameters } from "./compute-parameters.js";
import { entryPointCommand } from "./entry-point-command.js";
import { formatCommand } from "./format-command.js";

const values = new Map([
  ["C", "0.5"],
  ["name", "'a b'"],
]);

describe("formatCommand", () => {
  it("fills {name} placeholders and keeps doubled braces literal", () => {
    expect(formatCommand("train --C {C} --name {name} --json '{{\"a\": 1}}'", values, "entry point main")).toBe(
      `train --C 0.5 --name 'a b' --json '{"a": 1}'`,
    );
  });

  it("rejects unknown, positional and formatted placeholders and stray braces", () => {
    expect(() => formatCommand("x {alpha}", values, "entry point main")).toThrow(
      "The command of entry point main is not a valid template: {alpha} is not a declared parameter (declared: C, name)",
    );
    expect(() => formatCommand("x {}", values, "e")).toThrow(/positional placeholder/);
    expect(() => formatCommand("x {0}", values, "e")).toThrow(/positional placeholder/);
    expect(() => formatCommand("x {C:.2f}", values, "e")).toThrow(/format spec/);
    expect(() => formatCommand("x { C", values, "e")).toThrow(/never closed/);
    expect(() => formatCommand("x } C", values, "e")).toThrow(/single '}'/);
  });
});

describe("entryPointCommand", () => {
  it("quotes values and appends extra parameters as --name value", () => {
    const parameters: ComputedParameters = {
      declared: new Map([["C", "0.5"]]),
      resolved: new Map([
        ["C", "0.5"],
        ["data", "/tmp/my data.csv"],
      ]),
      extra: new Map([
        ["max-iter", "200"],
        ["note", "it's fine"],
      ]),
    };
    const entryPoint = { name: "main", parameters: [], command: "node train.js --C {C} --data {data}" };
    expect(entryPointCommand(entryPoint, parameters)).toBe(
      `node train.js --C 0.5 --data '/tmp/my data.csv' --max-iter 200 --note 'it'"'"'s fine'`,
    );
  });
});
