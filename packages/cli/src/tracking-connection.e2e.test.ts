import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type RunningServer, startServer } from "@sextant/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_MAIN, cliEnvFor, requireBuilt, spawnCli } from "../../server/src/app/test-support/cli-process.js";
import { createTestDatabase } from "../../server/src/test-support/postgres.js";

/**
 * End to end through the built `sextant` CLI (`npm run build` first): every command finds the
 * tracking data the same way from MLFLOW_TRACKING_URI (a server, unset = ./mlruns, a folder,
 * file:, sqlite:, postgresql:), and says in one line when there is nothing there or the
 * scheme is not supported.
 */
let work: string;
let elsewhere: string;
let runId: string;

/** The environment with MLFLOW_TRACKING_URI set to `uri`, or unset when `uri` is undefined. */
function envWith(uri: string | undefined): NodeJS.ProcessEnv {
  const env = cliEnvFor(uri ?? "");
  if (uri === undefined) delete env.MLFLOW_TRACKING_URI;
  return env;
}

const sextant = (args: readonly string[], uri: string | undefined, cwd: string) => spawnCli(args, { cwd, env: envWith(uri) }).done;

async function post(server: RunningServer, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  requireBuilt(CLI_MAIN);
  work = await mkdtemp(join(tmpdir(), "sextant-cli-connect-"));
  elsewhere = join(work, "elsewhere");
  await mkdir(elsewhere);
  // ./mlruns of `work` as `sextant run` leaves it: mlflow.db and proxied artifacts in artifacts/.
  const server = await startServer({
    backendStoreUri: `sqlite:///${join(work, "mlruns", "mlflow.db")}`,
    artifactsDestination: join(work, "mlruns", "artifacts"),
    host: "127.0.0.1",
    port: 0,
    logger: false,
  });
  try {
    const { experiment_id } = (await post(server, "experiments/create", { name: "connect" })) as { experiment_id: string };
    const { run } = (await post(server, "runs/create", { experiment_id })) as { run: { info: { run_id: string } } };
    runId = run.info.run_id;
    await post(server, "registered-models/create", { name: "found_everywhere" });
    await writeFile(join(work, "notes.txt"), "tracked once");
    const logged = await sextant(["artifacts", "log-artifact", "-l", "notes.txt", "-r", runId], server.url, work);
    expect(logged.code, logged.stderr).toBe(0);
    const listed = await sextant(["artifacts", "list", "-r", runId], server.url, work);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([{ path: "notes.txt", is_dir: false, file_size: 12 }]);
  } finally {
    await server.close();
  }
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("one way to find the tracking data", () => {
  it("reads the same ./mlruns unset, as a folder, a file: URI and a relative sqlite: URI", async () => {
    const mlruns = join(work, "mlruns");
    const ways: readonly [string | undefined, string][] = [
      [undefined, work],
      [mlruns, elsewhere],
      [pathToFileURL(mlruns).href, elsewhere],
      ["sqlite:///mlruns/mlflow.db", work],
    ];
    for (const [uri, cwd] of ways) {
      const listed = await sextant(["artifacts", "list", "-r", runId], uri, cwd);
      expect(listed.code, `${uri}: ${listed.stderr}`).toBe(0);
      expect(JSON.parse(listed.stdout), String(uri)).toEqual([{ path: "notes.txt", is_dir: false, file_size: 12 }]);
    }
    const models = await sextant(["models", "list"], pathToFileURL(mlruns).href, elsewhere);
    expect(models.code, models.stderr).toBe(0);
    expect(models.stdout).toMatch(/^NAME\s+LATEST/);
    expect(models.stdout).toContain("found_everywhere");
    expect(existsSync(join(elsewhere, "mlruns")), "no ./mlruns is created where it was not used").toBe(false);
  });

  it("says in one line that nothing is tracked yet, for every reading command, and creates nothing", async () => {
    for (const args of [["artifacts", "list", "-r", runId], ["models", "list"], ["models", "versions", "m"]]) {
      const none = await sextant(args, undefined, elsewhere);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(
        new RegExp(`^sextant ${args[0]} ${args[1]}: Nothing is tracked here yet \\(.*mlflow\\.db does not exist\\): .*set MLFLOW_TRACKING_URI to your tracking server \\(e\\.g\\. http://localhost:5000\\)\\.\\n$`),
      );
    }
    const wait = await sextant(["runs", "wait", runId], undefined, elsewhere);
    expect(wait.code).toBe(1);
    expect(wait.stderr).toMatch(/^Error: Nothing is tracked here yet/);
    const missing = join(elsewhere, "no-such-folder");
    for (const uri of [missing, `sqlite:///${join(missing, "x.db")}`]) {
      const none = await sextant(["models", "list"], uri, elsewhere);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(new RegExp(`^sextant models list: Nothing is tracked in ${missing}/\\S+\\.db yet \\(MLFLOW_TRACKING_URI '[^']+'\\): check the path, or set MLFLOW_TRACKING_URI to your tracking server.*\\n$`));
    }
    expect(existsSync(join(elsewhere, "mlruns"))).toBe(false);
    expect(existsSync(missing)).toBe(false);
  });

  it("refuses databricks and other schemes in one line, and a server that does not answer at once", async () => {
    for (const [uri, scheme] of [["databricks", "databricks"], ["databricks://profile", "databricks"], ["s3://bucket/mlruns", "s3"]] as const) {
      const refused = await sextant(["models", "list"], uri, elsewhere);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^sextant models list: MLFLOW_TRACKING_URI '${uri}' uses the '${scheme}' scheme, which sextant does not support: use http\\(s\\)://<server>.*\\n$`));
    }
    const started = Date.now();
    const down = await sextant(["models", "list"], "http://127.0.0.1:1", elsewhere);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^sextant models list: Cannot reach the tracking server http:\/\/127\.0\.0\.1:1 \(MLFLOW_TRACKING_URI\): .*Start it, or unset MLFLOW_TRACKING_URI to use \.\/mlruns\n$/);
    expect(Date.now() - started, "no minutes of retries").toBeLessThan(15_000);
  });

  it("serves a postgresql: store in-process", async () => {
    const db = await createTestDatabase();
    try {
      const listed = await sextant(["models", "list"], db.url, elsewhere);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toBe("No registered models.\n");
    } finally {
      await db.drop();
    }
  });
});
