import { describe, expect, it } from "vitest";
import { checkBatchShape } from "./entity-checks.js";
import { checkField, FIELD_RULES } from "./field-rules.js";
import { generateRunName } from "./generate-run-name.js";
import { posixNormalize } from "./posix-normalize.js";
import { sampleMetricSteps } from "./sample-metric-steps.js";

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect((e as { code: string }).code).toBe("INVALID_PARAMETER_VALUE");
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

describe("posixNormalize", () => {
  it("behaves like POSIX normpath", () => {
    expect(posixNormalize("")).toBe(".");
    expect(posixNormalize("a//b/./c/")).toBe("a/b/c");
    expect(posixNormalize("a/../..")).toBe("..");
    expect(posixNormalize("/../a")).toBe("/a");
    expect(posixNormalize("//a")).toBe("//a");
    expect(posixNormalize("///a")).toBe("/a");
    expect(posixNormalize("./x")).toBe("x");
  });
});

describe("checkField", () => {
  it("accepts MLflow's key characters, including colons, spaces and Unicode letters", () => {
    for (const key of ["loss", "test acc", "a/b", "x.y-z_1", "ns:metric", "précision", "学习率"]) {
      expect(() => checkField(FIELD_RULES.metricKey, key)).not.toThrow();
    }
  });

  it("rejects other characters and keys that normalise to another path", () => {
    expect(messageOf(() => checkField(FIELD_RULES.metricKey, "a*b"))).toContain("Invalid metric name: 'a*b'. Names may only contain");
    expect(messageOf(() => checkField(FIELD_RULES.paramKey, "../x"))).toContain("Invalid parameter name: '../x'");
    expect(messageOf(() => checkField(FIELD_RULES.runTagKey, "a//b"))).toContain("would resolve to 'a/b'");
    expect(messageOf(() => checkField(FIELD_RULES.runTagKey, "/abs"))).toContain("Invalid tag name");
    expect(messageOf(() => checkField(FIELD_RULES.metricKey, "."))).toContain("Invalid metric name");
  });

  it("enforces each limit and names it", () => {
    expect(() => checkField(FIELD_RULES.metricKey, "k".repeat(250))).not.toThrow();
    expect(messageOf(() => checkField(FIELD_RULES.metricKey, "k".repeat(251)))).toContain(
      "had length 251, which exceeded length limit of 250",
    );
    expect(() => checkField(FIELD_RULES.paramValue, "v".repeat(6000))).not.toThrow();
    expect(messageOf(() => checkField(FIELD_RULES.paramValue, "v".repeat(6001)))).toMatch(/^Param value 'v+' had length 6001/);
    expect(messageOf(() => checkField(FIELD_RULES.runTagValue, "v".repeat(8001)))).toContain("limit of 8000");
    expect(messageOf(() => checkField(FIELD_RULES.experimentTagValue, "v".repeat(5001)))).toContain("limit of 5000");
    expect(messageOf(() => checkField(FIELD_RULES.experimentName, "n".repeat(501)))).toContain("limit of 500");
  });

  it("counts characters, not UTF-16 units", () => {
    expect(() => checkField(FIELD_RULES.metricKey, "😀".repeat(250).replace(/😀/g, "é"))).not.toThrow();
    expect(() => checkField(FIELD_RULES.paramValue, "😀".repeat(6000))).not.toThrow();
  });
});

describe("checkBatchShape", () => {
  const m = (n: number) => Array.from({ length: n }, () => ({}));
  const p = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `p${i}`, value: "v" }));
  it("enforces MLflow's batch limits", () => {
    expect(() => checkBatchShape({ metrics: m(1000), params: [], tags: [] })).not.toThrow();
    expect(messageOf(() => checkBatchShape({ metrics: m(1001), params: [], tags: [] }))).toContain(
      "A batch logging request can contain at most 1000 metrics. Got 1001 metrics.",
    );
    expect(messageOf(() => checkBatchShape({ metrics: [], params: p(101), tags: [] }))).toContain("at most 100 params");
    expect(messageOf(() => checkBatchShape({ metrics: [], params: [], tags: m(101) }))).toContain("at most 100 tags");
    expect(messageOf(() => checkBatchShape({ metrics: m(950), params: p(50), tags: m(1) }))).toContain(
      "at most 1000 metrics, params, and tags. Got 1001",
    );
  });
  it("rejects duplicate param keys", () => {
    const params = [...p(3), { key: "p1", value: "other" }];
    expect(messageOf(() => checkBatchShape({ metrics: [], params, tags: [] }))).toContain(
      "Duplicate parameter keys have been submitted: ['p1']",
    );
  });
});

describe("generateRunName", () => {
  it("makes adjective-noun-number names", () => {
    for (let i = 0; i < 50; i++) expect(generateRunName()).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
    let x = 0;
    const seq = () => [0, 0.999, 0.5][x++ % 3]!;
    expect(generateRunName(seq)).toBe("amber-zephyr-500");
  });
});

describe("sampleMetricSteps", () => {
  it("keeps everything under the limit and the ends when sampling", () => {
    expect([...sampleMetricSteps([1, 2, 3], 5)]).toEqual([1, 2, 3]);
    const steps = Array.from({ length: 1001 }, (_, i) => i);
    const picked = sampleMetricSteps(steps, 11);
    expect([...picked]).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });
});
