import { describe, expect, it } from "vitest";
import { parseCsv } from "./parse-csv.js";

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, embedded delimiters and newlines, CRLF", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"multi\nline",\n';
    expect(parseCsv(text)).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", 'say "hi"'],
      ["2", "multi\nline", ""],
    ]);
  });

  it("parses TSV and a last line without a newline", () => {
    expect(parseCsv("k\tv\nlr\t0.1", { delimiter: "\t" })).toEqual([
      ["k", "v"],
      ["lr", "0.1"],
    ]);
  });

  it("stops after maxRows", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `${i},x`).join("\n");
    expect(parseCsv(text, { maxRows: 10 })).toHaveLength(10);
  });
});
