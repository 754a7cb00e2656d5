import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBackendConfig } from "./read-backend-config.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sextant-config-"));
  await writeFile(join(dir, "k8s.json"), '{"repository-uri": "r", "kube-context": "c"}');
  await writeFile(join(dir, "bad.json"), "{oops");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("readBackendConfig", () => {
  it("reads a .json file relative to cwd, or inline JSON", async () => {
    await expect(readBackendConfig("k8s.json", dir)).resolves.toEqual({ "repository-uri": "r", "kube-context": "c" });
    await expect(readBackendConfig('{"a": 1}', dir)).resolves.toEqual({ a: 1 });
  });

  it("names the file or the parse problem", async () => {
    await expect(readBackendConfig("missing.json", dir)).rejects.toThrow(/Cannot read backend config file .*missing\.json/);
    await expect(readBackendConfig("bad.json", dir)).rejects.toThrow(/Invalid JSON in backend config file .*bad\.json/);
    await expect(readBackendConfig("{nope", dir)).rejects.toThrow(/Invalid JSON in --backend-config/);
    await expect(readBackendConfig("[1]", dir)).rejects.toThrow(/must be a JSON object/);
  });
});
