import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "@sextant/server";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ArtifactsCommandIo, registerArtifactsCommand } from "./artifacts.js";

interface Captured {
  stdout: string;
  stderr: string;
  exitCode: number;
}

async function sextant(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, tty = false): Promise<Captured> {
  const out = { stdout: "", stderr: "" };
  const io: ArtifactsCommandIo = {
    env,
    cwd,
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { isTTY: tty, columns: 120, write: (text: string) => (out.stderr += text) },
  };
  const program = new Command("sextant").exitOverride();
  registerArtifactsCommand(program, io);
  process.exitCode = 0;
  await program.parseAsync(["node", "sextant", "artifacts", ...args]);
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { ...out, exitCode };
}

async function createRun(server: RunningServer, name: string): Promise<string> {
  const post = async (path: string, body: unknown) =>
    (await (
      await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      })
    ).json()) as Record<string, unknown>;
  const { experiment_id } = (await post("experiments/create", { name })) as { experiment_id: string };
  const { run } = (await post("runs/create", { experiment_id })) as { run: { info: { run_id: string } } };
  return run.info.run_id;
}

describe("sextant artifacts against a server", () => {
  let folder: string;
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;
  let runId: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "sextant-cli-artifacts-"));
    server = await startServer({
      backendStoreUri: `sqlite:///${join(folder, "server.db")}`,
      artifactsDestination: join(folder, "served"),
      host: "127.0.0.1",
      port: 0,
      logger: false,
    });
    env = { MLFLOW_TRACKING_URI: server.url };
    runId = await createRun(server, "cli");
    await mkdir(join(folder, "local", "data", "nested dir"), { recursive: true });
    await writeFile(join(folder, "local", "model.pkl"), Buffer.alloc(3 * 1024 * 1024, 9));
    await writeFile(join(folder, "local", "data", "train.csv"), "a,b\n1,2\n");
    await writeFile(join(folder, "local", "data", "nested dir", "ünïcødé.txt"), "ü");
  });
  afterAll(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = 0;
  });

  it("logs a file and a folder, lists them as JSON, and downloads them back", async () => {
    const logged = await sextant(["log-artifact", "-l", "local/model.pkl", "-r", runId, "-a", "models"], env, folder);
    expect(logged).toMatchObject({ exitCode: 0, stderr: "" });
    expect(logged.stdout).toContain("models/model.pkl");
    const loggedDir = await sextant(["log-artifacts", "--local-dir", "local/data", "--run-id", runId, "--artifact-path", "data"], env, folder);
    expect(loggedDir.exitCode).toBe(0);
    expect(loggedDir.stdout).toContain("Logged 2 artifact(s)");

    const root = await sextant(["list", "--run-id", runId], env, folder);
    expect(JSON.parse(root.stdout)).toEqual([
      { path: "data", is_dir: true },
      { path: "models", is_dir: true },
    ]);
    const data = await sextant(["list", "-r", runId, "-a", "data"], env, folder);
    expect(JSON.parse(data.stdout)).toEqual([
      { path: "data/nested dir", is_dir: true },
      { path: "data/train.csv", is_dir: false, file_size: 8 },
    ]);

    const file = await sextant(["download", "-r", runId, "-a", "models/model.pkl", "-d", "out1"], env, folder);
    expect(file.stdout.trim()).toBe(join(folder, "out1", "models", "model.pkl"));
    expect((await readFile(file.stdout.trim())).equals(Buffer.alloc(3 * 1024 * 1024, 9))).toBe(true);

    const all = await sextant(["download", "--artifact-uri", `runs:/${runId}/data`, "--dst-path", "out2"], env, folder);
    expect(all.stdout.trim()).toBe(join(folder, "out2", "data"));
    expect(await readFile(join(folder, "out2", "data", "nested dir", "ünïcødé.txt"), "utf8")).toBe("ü");
    expect(await readFile(join(folder, "out2", "data", "train.csv"), "utf8")).toBe("a,b\n1,2\n");
  });

  it("draws a progress bar with bytes, rate and ETA on a terminal, and nothing otherwise", async () => {
    const shown = await sextant(["log-artifact", "-l", "local/model.pkl", "-r", runId], env, folder, true);
    expect(shown.stderr).toMatch(/uploading \[#+\] 100% 3\.0 MiB\/3\.0 MiB [\d.]+ [KMG]?i?B\/s ETA \d+s model\.pkl/);
    const quiet = await sextant(["download", "-r", runId, "-a", "model.pkl", "-d", "out3"], env, folder, false);
    expect(quiet.stderr).toBe("");
  });

  it("fails in one line with exit code 1 for a missing run, a missing artifact or a bad path", async () => {
    const missingRun = await sextant(["list", "-r", "f".repeat(32)], env, folder);
    expect(missingRun.exitCode).toBe(1);
    expect(missingRun.stderr).toMatch(/^sextant artifacts list: .*not found.*\n$/i);
    const missingFile = await sextant(["download", "-r", runId, "-a", "nope.txt"], env, folder);
    expect(missingFile.exitCode).toBe(1);
    expect(missingFile.stderr).toMatch(/^sextant artifacts download: .*does not exist/);
    const traversal = await sextant(["log-artifact", "-l", "local/model.pkl", "-r", runId, "-a", "../escape"], env, folder);
    expect(traversal.exitCode).toBe(1);
    expect(traversal.stderr).toMatch(/'\.\.' segments are not allowed/);
    const unreachable = await sextant(["list", "-r", runId], { MLFLOW_TRACKING_URI: "http://127.0.0.1:1" }, folder);
    expect(unreachable.stderr).toMatch(/^sextant artifacts list: Cannot reach the tracking server http:\/\/127\.0\.0\.1:1 \(MLFLOW_TRACKING_URI\): .*\n$/);
  });
});

describe("sextant artifacts with MLFLOW_TRACKING_URI unset", () => {
  it("uses ./mlruns through an in-process server, and says what to do when there is none", async () => {
    const folder = await mkdtemp(join(tmpdir(), "sextant-cli-embedded-"));
    try {
      const none = await sextant(["list", "-r", "x"], {}, folder);
      expect(none.exitCode).toBe(1);
      expect(none.stderr).toMatch(/^sextant artifacts list: Nothing is tracked here yet \(.*mlflow\.db does not exist\): .*set MLFLOW_TRACKING_URI to your tracking server.*\n$/);
      expect(existsSync(join(folder, "mlruns"))).toBe(false);

      await mkdir(join(folder, "mlruns"));
      const server = await startServer({
        backendStoreUri: `sqlite:///${join(folder, "mlruns", "mlflow.db")}`,
        artifactsDestination: join(folder, "mlruns", "artifacts"),
        host: "127.0.0.1",
        port: 0,
        logger: false,
      });
      const runId = await createRun(server, "embedded");
      await server.close();
      await writeFile(join(folder, "notes.txt"), "local notes");
      expect((await sextant(["log-artifact", "-l", "notes.txt", "-r", runId], {}, folder)).exitCode).toBe(0);
      const listed = await sextant(["list", "-r", runId], {}, folder);
      expect(JSON.parse(listed.stdout)).toEqual([{ path: "notes.txt", is_dir: false, file_size: 11 }]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("sextant artifacts with an s3:// run location", () => {
  it("writes and reads the bucket directly with the client's credentials, listing through the server", async () => {
    const { startS3TestServer } = await import("../../../server/src/artifacts/test-support/s3-test-server.js");
    const s3 = await startS3TestServer();
    const folder = await mkdtemp(join(tmpdir(), "sextant-cli-s3-"));
    const server = await startServer({
      backendStoreUri: `sqlite:///${join(folder, "server.db")}`,
      defaultArtifactRoot: `s3://${s3.bucket}/root`,
      serveArtifacts: false,
      host: "127.0.0.1",
      port: 0,
      logger: false,
    });
    const saved = { ...process.env };
    try {
      // The server reads the bucket with its own credentials (process env); the CLI with its own (io.env).
      Object.assign(process.env, s3.env);
      const runId = await createRun(server, "s3 direct");
      const env = { MLFLOW_TRACKING_URI: server.url, ...s3.env };
      await writeFile(join(folder, "weights.bin"), Buffer.alloc(6 * 1024 * 1024, 5));
      expect((await sextant(["log-artifact", "-l", "weights.bin", "-r", runId, "-a", "model"], env, folder)).exitCode).toBe(0);
      const listed = await sextant(["list", "-r", runId, "-a", "model"], env, folder);
      expect(JSON.parse(listed.stdout)).toEqual([{ path: "model/weights.bin", is_dir: false, file_size: 6 * 1024 * 1024 }]);
      const downloaded = await sextant(["download", "-r", runId, "-d", "back"], env, folder);
      expect((await readFile(join(downloaded.stdout.trim(), "model", "weights.bin"))).length).toBe(6 * 1024 * 1024);
    } finally {
      process.env = saved;
      await server.close();
      await s3.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
