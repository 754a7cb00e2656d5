import { describe, expect, it } from "vitest";
import { parseJsonBody } from "./parse-json-body.js";
import { toWireJson } from "./wire-json.js";

describe("parseJsonBody", () => {
  it("parses JSON and treats an empty body as {}", () => {
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody("")).toEqual({});
    expect(parseJsonBody("  \n")).toEqual({});
  });

  it("decodes double-encoded bodies from old clients", () => {
    expect(parseJsonBody(JSON.stringify(JSON.stringify({ run_id: "r" })))).toEqual({ run_id: "r" });
  });

  it("tolerates bare NaN and infinities outside strings, leaving strings alone", () => {
    expect(parseJsonBody('{"value": NaN, "b": [Infinity, -Infinity], "s": "NaN Infinity \\" NaN"}')).toEqual({
      value: "NaN",
      b: ["Infinity", "-Infinity"],
      s: 'NaN Infinity " NaN',
    });
  });

  it("rejects malformed JSON with INVALID_PARAMETER_VALUE", () => {
    for (const bad of ['{"a":', "{'a': 1}", '{"a": Nan}', "nope"]) {
      try {
        parseJsonBody(bad);
        throw new Error("expected an error");
      } catch (e) {
        expect((e as { code: string }).code).toBe("INVALID_PARAMETER_VALUE");
        expect((e as Error).message).toContain("Malformed JSON in request body");
      }
    }
  });
});

describe("toWireJson", () => {
  it("writes non-finite numbers as protobuf JSON strings and omits empty and unset fields", () => {
    const json = toWireJson({
      run: {
        info: { run_id: "r", end_time: undefined, start_time: 5 },
        data: { metrics: [{ key: "a", value: Number.NaN }, { key: "b", value: Number.POSITIVE_INFINITY }, { key: "c", value: Number.NEGATIVE_INFINITY }, { key: "d", value: 1.5 }], params: [], tags: null },
      },
      next_page_token: undefined,
    });
    expect(JSON.parse(json)).toEqual({
      run: {
        info: { run_id: "r", start_time: 5 },
        data: {
          metrics: [
            { key: "a", value: "NaN" },
            { key: "b", value: "Infinity" },
            { key: "c", value: "-Infinity" },
            { key: "d", value: 1.5 },
          ],
        },
      },
    });
  });

  it("answers {} for empty messages", () => {
    expect(toWireJson({})).toBe("{}");
    expect(toWireJson({ experiments: [] })).toBe("{}");
  });
});

describe("toWireJson fast path", () => {
  it("gives the same answer with and without values that need rewriting", () => {
    const metrics = Array.from({ length: 50 }, (_, i) => ({ key: "k", value: i / 3, timestamp: i, step: i }));
    expect(toWireJson({ metrics })).toBe(JSON.stringify({ metrics }));
    const withNaN = [...metrics, { key: "k", value: Number.NaN, timestamp: 1, step: 99 }];
    expect(JSON.parse(toWireJson({ metrics: withNaN })).metrics.at(-1).value).toBe("NaN");
    expect(toWireJson({ tags: [{ key: "note", value: "null and [] in a string" }] })).toBe(
      '{"tags":[{"key":"note","value":"null and [] in a string"}]}',
    );
  });
});
