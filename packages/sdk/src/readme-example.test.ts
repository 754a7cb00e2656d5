import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MlflowClient } from "./mlflow-client.js";
import { startTempServer } from "./test-support/temp-server.js";

let server: Awaited<ReturnType<typeof startTempServer>>;
let dir: string;
beforeAll(async () => {
  server = await startTempServer();
  dir = await mkdtemp(join(tmpdir(), "sextant-readme-"));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the README's complete example", () => {
  it("runs as written against a real server and logs what it says", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeTruthy();
    const csv = join(dir, "dataset.csv");
    await writeFile(csv, "x1,x2,y,split\n0.1,0.2,1,train\n0.3,0.1,0,test\n");
    const example = join(dir, "example.ts");
    await writeFile(example, (code ?? "").replace('"data/dataset.csv"', JSON.stringify(csv)));

    vi.stubEnv("MLFLOW_TRACKING_URI", server.url);
    vi.stubEnv("MLFLOW_RUN_ID", "");
    const printed: unknown[][] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args));
    try {
      await import(pathToFileURL(example).href);
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(printed[0]?.slice(0, 2)).toEqual(["RESOURCE_DOES_NOT_EXIST", 404]);

    const client = new MlflowClient({ trackingUri: server.url, env: {} });
    const experiment = await client.getExperimentByName("demo");
    const [run] = (await client.searchRuns([experiment?.experiment_id ?? ""])).items;
    expect(run?.info).toMatchObject({ run_name: "baseline", status: "FINISHED" });
    expect(run?.data.params).toEqual(
      expect.arrayContaining([
        { key: "C", value: "0.5" },
        { key: "penalty", value: "l2" },
      ]),
    );
    expect(await client.getMetricHistory(run?.info.run_id ?? "", "train loss")).toHaveLength(100);
    const files = await client.listArtifacts(run?.info.run_id ?? "");
    expect(files.map((f) => f.path).sort()).toEqual(["config.yaml", "logs", "notes"]);
    expect(run?.inputs?.dataset_inputs?.[0]?.dataset.name).toBe("dataset");
  });
});
