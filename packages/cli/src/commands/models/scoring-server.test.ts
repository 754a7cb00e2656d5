import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel, saveModel } from "@sextant/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTable } from "./format-table.js";
import { type ScoringServer, startScoringServer } from "./scoring-server.js";

describe("scoring server", () => {
  let dir = "";
  let server: ScoringServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scoring-"));
    await saveModel({ coef: [1, 1], intercept: -1, featureNames: ["a", "b"] }, dir, {
      signature: { inputs: [{ name: "a", type: "double" }, { name: "b", type: "double" }] },
    });
    server = await startScoringServer({ model: await loadModel(dir), port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const post = (body: unknown, type = "application/json") =>
    fetch(`${server.url}/invocations`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": type } });

  it("answers every input format with one prediction per row", async () => {
    for (const body of [
      { dataframe_split: { columns: ["a", "b"], data: [[1, 1], [0, 0]] } },
      { dataframe_records: [{ a: 1, b: 1 }, { a: 0, b: 0 }] },
      { instances: [{ a: 1, b: 1 }, { a: 0, b: 0 }] },
      { inputs: { a: [1, 0], b: [1, 0] } },
    ]) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body)).toBe(200);
      expect(await answer.json()).toEqual({ predictions: [1, 0] });
    }
    expect(await (await post("a,b\n1,1\n0,0\n", "text/csv; charset=utf-8")).json()).toEqual({ predictions: [1, 0] });
  });

  it("answers 400 for malformed JSON, missing keys and schema errors, 404 for other paths", async () => {
    const bad = await post("{oops", "application/json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/valid JSON/);
    const none = await post({ rows: [] });
    expect(none.status).toBe(400);
    expect((await none.json()).message).toMatch(/dataframe_split, dataframe_records, instances, inputs/);
    const missing = await post({ dataframe_records: [{ a: 1 }] });
    expect(await missing.json()).toMatchObject({ error_code: "BAD_REQUEST", message: expect.stringContaining('["b"]') });
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
  });
});

describe("formatTable", () => {
  it("fits 80 columns by shrinking the widest column and marking cuts", () => {
    const text = formatTable([{ header: "NAME" }, { header: "NOTE" }], [["short", "x".repeat(200)], ["a".repeat(90), "y"]]);
    const lines = text.trimEnd().split("\n");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[1]).toContain("…");
    expect(lines[0]).toMatch(/^NAME\s+NOTE$/);
  });
});
