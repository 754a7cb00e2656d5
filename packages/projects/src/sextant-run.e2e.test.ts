import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Run } from "@sextant/protocol";
import { MlflowClient } from "@sextant/sdk";
import { startServer } from "@sextant/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTempServer, type TempServer } from "../../sdk/src/test-support/temp-server.js";
import { CLI_MAIN, cliEnvFor, requireBuilt, spawnCli } from "../../server/src/app/test-support/cli-process.js";

/**
 * End to end: the built `sextant` CLI (`npm run build` first) runs projects against a real
 * tracking server (SQLite in a temp folder), and the runs are checked through the SDK.
 */
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const EXAMPLE = join(REPO, "examples/logistic-regression");

const runIdIn = (stderr: string): string => {
  const match = /in run with ID '([0-9a-f]+)'/.exec(stderr);
  if (!match) throw new Error(`no run id in CLI output:\n${stderr}`);
  return match[1]!;
};

const tagsOf = (run: Run) => Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
const paramsOf = (run: Run) => Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));

let server: TempServer;
let tmp: string;
let client: MlflowClient;
let env: NodeJS.ProcessEnv;

/** A project folder with an MLproject whose entry points are `commands`. */
async function makeProject(name: string, commands: Record<string, string>, parameters = ""): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(dir, { recursive: true });
  const entryPoints = Object.entries(commands)
    .map(([entry, command]) => `  ${entry}:\n${parameters}    command: ${JSON.stringify(command)}\n`)
    .join("");
  await writeFile(join(dir, "MLproject"), `name: ${name}\nentry_points:\n${entryPoints}`);
  return dir;
}

async function artifactText(runId: string, path: string): Promise<string> {
  const dst = await mkdtemp(join(tmp, "download-"));
  return readFile(await client.downloadArtifacts(runId, path, dst), "utf8");
}

beforeAll(async () => {
  requireBuilt(CLI_MAIN, join(EXAMPLE, "dist/train.js"));
  server = await startTempServer();
  tmp = server.dir;
  env = cliEnvFor(server.url);
  client = new MlflowClient({ trackingUri: server.url });
});

afterAll(async () => {
  await server?.close();
});

describe("sextant run (local backend, real server)", () => {
  it("runs the example: params, both metrics, dataset input, model and log artifacts, FINISHED", async () => {
    const cli = spawnCli(["run", EXAMPLE, "-P", "C=0.5", "-P", "penalty=l2", "--experiment-name", "demo"], { cwd: REPO, env });
    const result = await cli.done;
    expect(result.code, result.stderr).toBe(0);
    const run = await client.getRun(runIdIn(result.stderr));
    // The server has a model registry, so the example registers its model.
    const registered = /Registered model 'test_model' version (\d+)/.exec(result.stdout);
    expect(registered, result.stdout).not.toBeNull();
    const answer = (await client.call("getModelVersion", { name: "test_model", version: registered![1]! })) as {
      model_version: { source: string; run_id: string };
    };
    expect(answer.model_version).toMatchObject({ source: `runs:/${run.info.run_id}/model`, run_id: run.info.run_id });

    expect(run.info.status).toBe("FINISHED");
    expect(run.info.experiment_id).toBe((await client.getExperimentByName("demo"))?.experiment_id);
    expect(paramsOf(run)).toEqual({ C: "0.5", penalty: "l2" });
    const metrics = Object.fromEntries((run.data.metrics ?? []).map((m) => [m.key, m.value]));
    expect(Object.keys(metrics).sort()).toEqual(["test acc", "train acc"]);
    expect(metrics["train acc"]).toBeGreaterThan(0.8);
    expect(metrics["test acc"]).toBeGreaterThan(0.8);
    const [input] = run.inputs?.dataset_inputs ?? [];
    expect(input?.dataset).toMatchObject({ name: "dataset", source_type: "local" });
    expect(input?.dataset.digest).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.parse(input!.dataset.source).uri).toBe(`file://${join(EXAMPLE, "data/dataset.csv")}`);
    expect(tagsOf(run)).toMatchObject({
      "mlflow.source.type": "PROJECT",
      "mlflow.source.name": expect.stringMatching(/logistic-regression$/),
      "mlflow.project.entryPoint": "main",
      "mlflow.project.backend": "local",
      "mlflow.project.env": "local",
      "mlflow.user": expect.any(String),
      "sextant.project.exitCode": "0",
    });
    const history = JSON.parse(tagsOf(run)["mlflow.log-model.history"] ?? "[]");
    expect(history[0]).toMatchObject({ artifact_path: "model", run_id: run.info.run_id, flavors: { sextant_logreg: expect.any(Object) } });

    const model = await client.listArtifacts(run.info.run_id, "model");
    expect(model.map((f) => f.path).sort()).toEqual([
      "model/MLmodel",
      "model/code",
      "model/conda.yaml",
      "model/model.json",
      "model/python_env.yaml",
      "model/requirements.txt",
    ]);
    expect(await artifactText(run.info.run_id, "model/MLmodel")).toContain("sextant_logreg:");
    const log = await artifactText(run.info.run_id, "logs/stdout.txt");
    expect(log).toContain("train acc");
    expect(log).toBe(result.stdout);
  });

  it("marks a failing entry point FAILED and exits with its exit code, keeping stdout and stderr in order", async () => {
    const dir = await makeProject("failing", { main: "echo first; echo second >&2; echo third; exit 3" });
    const result = await spawnCli(["run", dir], { cwd: tmp, env }).done;
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/failed with exit code 3/);
    expect(result.stdout).toBe("first\nsecond\nthird\n");
    const run = await client.getRun(runIdIn(result.stderr));
    expect(run.info.status).toBe("FAILED");
    expect(tagsOf(run)["sextant.project.exitCode"]).toBe("3");
    expect(await artifactText(run.info.run_id, "logs/stdout.txt")).toBe("first\nsecond\nthird\n");
  });

  it("forwards Ctrl-C to the entry point, marks the run KILLED and exits 130", async () => {
    // No braces: MLproject commands are format templates ({{ and }} for literal braces).
    const script = "console.log('pid', process.pid); setInterval(() => 0, 1000)";
    const dir = await makeProject("sleepy", { main: `node -e ${JSON.stringify(script)}` });
    const cli = spawnCli(["run", dir], { cwd: tmp, env });
    const deadline = Date.now() + 20_000;
    while (!/pid (\d+)/.test(cli.stdout()) && cli.child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const entryPid = Number(/pid (\d+)/.exec(cli.stdout())?.[1]);
    expect(entryPid).toBeGreaterThan(0);
    cli.child.kill("SIGINT");
    const result = await cli.done;
    expect(result.code).toBe(130);
    const run = await client.getRun(runIdIn(result.stderr));
    expect(run.info.status).toBe("KILLED");
    expect(run.info.end_time).toBeGreaterThan(0);
    expect(() => process.kill(entryPid, 0)).toThrow();
    expect(await artifactText(run.info.run_id, "logs/stdout.txt")).toBe(`pid ${entryPid}\n`);
  });

  it("refuses -P C=abc before a run (or even the experiment) is created", async () => {
    const result = await spawnCli(["run", EXAMPLE, "-P", "C=abc", "--experiment-name", "never-created"], { cwd: REPO, env }).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`parameter 'C' must be a float, got "abc"`);
    expect(await client.getExperimentByName("never-created")).toBeUndefined();
  });

  it("says at once when the tracking server cannot be reached", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const result = await spawnCli(["run", EXAMPLE], { cwd: REPO, env: { ...env, MLFLOW_TRACKING_URI: `http://127.0.0.1:${port}` } }).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error: Cannot reach the tracking server http://127.0.0.1:${port} (MLFLOW_TRACKING_URI): connect ECONNREFUSED`);
  });

  it("runs a Git project at a --version and tags its commit, URL and branch", async () => {
    const dir = await makeProject("gitproj", { main: "echo from-git" });
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, encoding: "utf8" }).trim();
    git("init", "--quiet", "--initial-branch=main");
    git("add", ".");
    git("commit", "--quiet", "-m", "project");
    git("branch", "release");
    const commit = git("rev-parse", "HEAD");
    execFileSync("git", ["clone", "--quiet", "--bare", dir, join(tmp, "gitproj.git")]);
    const url = `file://${join(tmp, "gitproj.git")}`;
    const result = await spawnCli(["run", url, "--version", "release"], { cwd: tmp, env }).done;
    expect(result.code, result.stderr).toBe(0);
    const run = await client.getRun(runIdIn(result.stderr));
    expect(tagsOf(run)).toMatchObject({
      "mlflow.source.name": url,
      "mlflow.source.git.commit": commit,
      "mlflow.source.git.repoURL": url,
      "mlflow.source.git.branch": "release",
    });
  });

  it("resumes an existing run with --run-id and names it with --run-name", async () => {
    const dir = await makeProject("resume", { main: "echo again --alpha {alpha}" }, "    parameters:\n      alpha: {type: int, default: 7}\n");
    const experimentId = await client.createExperiment("resume");
    const created = await client.createRun(experimentId, {});
    const result = await spawnCli(["run", dir, "--run-id", created.info.run_id, "--run-name", "resumed"], { cwd: tmp, env }).done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("again --alpha 7\n");
    const run = await client.getRun(created.info.run_id);
    expect(run.info).toMatchObject({ status: "FINISHED", run_name: "resumed", experiment_id: experimentId });
    expect(paramsOf(run)).toEqual({ alpha: "7" });
  });

  it("without MLFLOW_TRACKING_URI, tracks into ./mlruns through an embedded server", async () => {
    const cwd = await mkdtemp(join(tmp, "cwd-"));
    const { MLFLOW_TRACKING_URI: _, ...noTracking } = env;
    const result = await spawnCli(["run", EXAMPLE, "-P", "C=0.1"], { cwd, env: noTracking }).done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Tracking to ${join(cwd, "mlruns")}`);
    expect(result.stderr).toMatch(/run `sextant ui` in .*then open http:\/\/127\.0\.0\.1:5000\/experiments\/0\/runs\/[0-9a-f]+/);
    const runId = runIdIn(result.stderr);
    expect(existsSync(join(cwd, "mlruns", "mlflow.db"))).toBe(true);

    const local = await startServer({
      backendStoreUri: `sqlite:///${join(cwd, "mlruns", "mlflow.db")}`,
      artifactsDestination: join(cwd, "mlruns", "artifacts"),
      host: "127.0.0.1",
      port: 0,
      logger: false,
    });
    try {
      const localClient = new MlflowClient({ trackingUri: local.url });
      const run = await localClient.getRun(runId);
      expect(run.info.status).toBe("FINISHED");
      expect(paramsOf(run)).toEqual({ C: "0.1", penalty: "l1" });
      expect((await localClient.listArtifacts(runId)).map((f) => f.path).sort()).toEqual(["logs", "model"]);
    } finally {
      await local.close();
    }
  });
});
