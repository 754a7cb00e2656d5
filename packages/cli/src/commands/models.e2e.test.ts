import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MlflowClient, loadModel } from "@sextant/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTempServer, type TempServer } from "../../../sdk/src/test-support/temp-server.js";
import { CLI_MAIN, cliEnvFor, requireBuilt, spawnCli, waitForOutput } from "../../../server/src/app/test-support/cli-process.js";

const REPO = resolve(import.meta.dirname, "../../../..");
const EXAMPLE = join(REPO, "examples/logistic-regression");

let server: TempServer;
let env: NodeJS.ProcessEnv;
const sextant = (args: readonly string[]) => spawnCli(args, { cwd: server.dir, env }).done;

/** Starts `sextant models serve` and resolves with the process and the URL it prints. */
async function serve(args: readonly string[]) {
  const cli = spawnCli(["models", "serve", ...args], { cwd: server.dir, env });
  return { ...cli, url: await waitForOutput(cli, /at (http:\/\/[^\s]+)\/invocations/) };
}

beforeAll(async () => {
  requireBuilt(CLI_MAIN, join(EXAMPLE, "dist/train.js"));
  server = await startTempServer();
  env = cliEnvFor(server.url);
});

afterAll(async () => {
  await server?.close();
});

describe("the example registers test_model, and a served alias predicts like loadModel", () => {
  it("trains twice (versions 1, 2), sets champion, serves models:/test_model@champion and predicts", async () => {
    for (const [i, c] of ["0.5", "0.01"].entries()) {
      const run = await sextant(["run", EXAMPLE, "--experiment-name", "models-e2e", "-P", `C=${c}`, "-P", "penalty=l1"]);
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.stdout).toContain(`Registered model 'test_model' version ${i + 1}`);
    }
    const alias = await sextant(["models", "alias", "test_model", "champion", "1"]);
    expect(alias.code, alias.stderr).toBe(0);
    const transition = await sextant(["models", "transition", "test_model", "2", "Staging"]);
    expect(transition.stdout).toContain("stage Staging");

    const versions = await sextant(["models", "versions", "test_model"]);
    expect(versions.code, versions.stderr).toBe(0);
    const lines = versions.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^VERSION\s+STAGE\s+STATUS\s+ALIASES/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([
      ["2", "Staging", "READY", expect.any(String)],
      ["1", "None", "READY", "champion"],
    ]);
    const list = await sextant(["models", "list"]);
    expect(list.stdout).toMatch(/test_model\s+2\s+champion=v1/);
    for (const line of [...lines, ...list.stdout.split("\n")]) expect(line.length).toBeLessThanOrEqual(80);

    const rows = { columns: ["x1", "x2"], data: [[1.5, -0.3], [-2.0, 0.7]] };
    const inProcess = await loadModel("models:/test_model@champion", { client: new MlflowClient({ trackingUri: server.url }) });
    const expected = await inProcess.predict(rows);
    expect(expected).toHaveLength(2);

    const served = await serve(["-m", "models:/test_model@champion", "-p", "0"]);
    try {
      const post = (body: string, type = "application/json") =>
        fetch(`${served.url}/invocations`, { method: "POST", body, headers: { "content-type": type } });
      const answer = await post(JSON.stringify({ dataframe_split: rows }));
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ predictions: expected });
      const records = await post(JSON.stringify({ dataframe_records: [{ x1: 1.5, x2: -0.3 }, { x1: -2.0, x2: 0.7 }] }));
      expect((await records.json()).predictions).toEqual(expected);
      const csv = await post("x1,x2\n1.5,-0.3\n-2.0,0.7\n", "text/csv");
      expect((await csv.json()).predictions).toEqual(expected);
      const missing = await post(JSON.stringify({ dataframe_records: [{ x1: 1 }] }));
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ error_code: "BAD_REQUEST", message: expect.stringContaining('"x2"') });
      const badType = await post(JSON.stringify({ inputs: { x1: ["a"], x2: [1] } }));
      expect(badType.status).toBe(400);
      expect((await badType.json()).message).toContain("column 'x1'");
      expect((await post("<xml/>", "application/xml")).status).toBe(415);
      expect((await fetch(`${served.url}/ping`)).status).toBe(200);
      expect((await fetch(`${served.url}/health`)).status).toBe(200);
      expect(await (await fetch(`${served.url}/version`)).text()).toMatch(/^\d+\.\d+/);
    } finally {
      served.child.kill("SIGTERM");
    }
    expect(await served.exited).toBe(0);

    await writeFile(join(server.dir, "rows.csv"), "x1,x2\n1.5,-0.3\n-2.0,0.7\n");
    const predicted = await sextant(["models", "predict", "-m", "models:/test_model/1", "-i", "rows.csv", "-t", "csv", "-o", "out.csv"]);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(await readFile(join(server.dir, "out.csv"), "utf8")).toBe(`predictions\n${expected.join("\n")}\n`);
    const refused = await sextant(["models", "predict", "-m", "models:/test_model@nobody", "-i", "rows.csv", "-t", "csv"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^sextant models predict: .*nobody/);
  });
});
