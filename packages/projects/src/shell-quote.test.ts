import { describe, expect, it } from "vitest";
import { shellQuote } from "./shell-quote.js";

describe("shellQuote", () => {
  it("leaves safe words alone, as shlex.quote does", () => {
    for (const word of ["0.5", "l1", "-3", "/data/x.csv", "a=b", "user@host:1,2", "50%", "+1"]) {
      expect(shellQuote(word)).toBe(word);
    }
  });

  it("quotes empty strings, spaces, metacharacters and quotes", () => {
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("$(rm -rf /)")).toBe("'$(rm -rf /)'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
    expect(shellQuote("é")).toBe("'é'");
  });
});
