import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubernetesTestEnv, startKubernetesTestEnv } from "../../../projects/src/test-support/kubernetes-test-env.js";
import { CLI_MAIN, requireBuilt, spawnCli } from "../../../server/src/app/test-support/cli-process.js";

/**
 * End to end through the built `sextant` CLI (`npm run build` first): `sextant run
 * --backend kubernetes` with --detach, Ctrl-C and `sextant runs wait`, against a real
 * registry, the fake Kubernetes API server and a real tracking server.
 */
let t: KubernetesTestEnv;
let project: string;
let env: NodeJS.ProcessEnv;
const watcherPids: number[] = [];

/** Starts `sextant <args>`, noting the pids of watcher processes it reports (killed after the tests). */
function cli(args: readonly string[]) {
  const run = spawnCli(args, { cwd: t.tmp, env });
  run.child.stderr?.on("data", () => {
    const pid = /watcher process (\d+)/.exec(run.stderr())?.[1];
    if (pid && !watcherPids.includes(Number(pid))) watcherPids.push(Number(pid));
  });
  return run;
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const config = () => JSON.stringify({ "kube-job-template-path": join(project, "job.yaml"), "repository-uri": `${t.registry.host}/team/cli` });

beforeAll(async () => {
  requireBuilt(CLI_MAIN);
  t = await startKubernetesTestEnv();
  project = join(t.tmp, "project");
  await mkdir(project);
  await writeFile(join(project, "MLproject"), `name: cli-demo\ndocker_env:\n  image: ${t.baseImage}\nentry_points:\n  main:\n    command: sh train.sh\n`);
  await writeFile(join(project, "train.sh"), "echo training\n");
  await writeFile(
    join(project, "job.yaml"),
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  namespace: team\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: x, image: x}]\n",
  );
  env = { ...t.env, MLFLOW_TRACKING_URI: t.server.url };
});

afterAll(async () => {
  for (const pid of watcherPids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await t?.close();
});

describe("sextant run --backend kubernetes (built CLI)", () => {
  it("--detach returns as soon as the Job exists; the background watcher saves the log and sets FINISHED by itself", async () => {
    t.fake.plan = () => ({ pendingMs: 500, lines: ["alpha", "beta"], holdMs: 1500 });
    const started = Date.now();
    const result = await cli(["run", project, "--backend", "kubernetes", "-c", config(), "--detach"]).done;
    const returnedAfter = Date.now() - started;
    expect(result.code, result.stderr).toBe(0);
    const [runId, where] = result.stdout.trim().split(" ");
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    const jobName = where!.split("/")[1]!;
    expect(where).toBe(`team/${jobName}`);
    expect(result.stderr).toMatch(/Detached: watcher process \d+ follows Job team\/cli-demo-/);
    expect(result.stderr).toContain(`goes on in the background (SCHEDULED); follow it with \`sextant runs wait ${runId}\``);
    // The CLI was back before the Job could have finished (the container runs for over 2 s).
    const job = t.fake.job("team", jobName) as { status?: { conditions?: unknown[] } };
    expect(job?.status?.conditions).toBeUndefined();
    expect(returnedAfter).toBeLessThan(15_000);

    const finished = await until("the watcher to finish the run", async () => {
      const run = await t.client.getRun(runId!);
      return run.info.status === "FINISHED" ? run : undefined;
    });
    expect(finished.info.end_time).toBeGreaterThan(0);
    const saved = await until("the log artifact", async () =>
      t.client.downloadArtifacts(runId!, "logs/stdout.txt", await mkdtemp(join(t.tmp, "dl-"))).catch(() => undefined),
    );
    expect(await readFile(saved, "utf8")).toBe("alpha\nbeta\n");
    const watcherLog = /log: (\S+)\)/.exec(result.stderr)![1]!;
    expect(await readFile(watcherLog, "utf8")).toContain("alpha\nbeta\n");
    expect(t.fake.rejected).toEqual([]);
  });

  it("sextant runs wait attaches to a detached run, streams its log and exits with the Job's exit code", async () => {
    t.fake.plan = () => ({ pendingMs: 800, lines: ["one", "two", "three"], lineDelayMs: 200, exitCodes: [4] });
    const started = await cli(["run", project, "--backend", "kubernetes", "-c", config(), "--detach"]).done;
    expect(started.code, started.stderr).toBe(0);
    const runId = started.stdout.trim().split(" ")[0]!;
    const waited = await cli(["runs", "wait", runId]).done;
    expect(waited.code, waited.stderr).toBe(4);
    expect(waited.stdout).toBe("one\ntwo\nthree\n");
    expect(waited.stderr).toContain(`Attached to run ${runId}`);
    expect(waited.stderr).toMatch(/pod cli-demo-.*: failed \(exit code 4, Error\)/);
    expect((await t.client.getRun(runId)).info.status).toBe("FAILED");
    // Again after the end: the log and exit code are shown, nothing is recorded anew.
    const again = await cli(["runs", "wait", runId]).done;
    expect(again.code).toBe(4);
    expect(again.stdout).toBe("one\ntwo\nthree\n");
    expect(again.stderr).toContain("already ended: FAILED");
  });

  it("Ctrl-C during a run deletes the Job and marks the run KILLED (exit 130)", async () => {
    t.fake.plan = () => ({ pendingMs: 200, lines: ["running"], holdMs: 60_000 });
    const run = cli(["run", project, "--backend", "kubernetes", "-c", config()]);
    await until("the pod log", () => (run.stdout().includes("running") ? true : undefined));
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code, result.stderr).toBe(130);
    const runId = /run with ID '([0-9a-f]+)'/.exec(result.stderr)![1]!;
    expect((await t.client.getRun(runId)).info.status).toBe("KILLED");
    const jobName = (await t.client.getRun(runId)).data.tags?.find((tag) => tag.key === "sextant.kubernetes.job.name")?.value;
    expect(t.fake.deletions).toContainEqual({ namespace: "team", name: jobName, propagationPolicy: "Background" });
    expect(result.stderr).toContain("was cancelled and marked KILLED");
  });

  it("fails in one line for a bad backend config and for --detach on the local backend", async () => {
    const bad = await cli(["run", project, "--backend", "kubernetes", "-c", '{"repository-uri": "x"}']).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^Error: The kubernetes backend needs 'kube-job-template-path' in --backend-config/);
    const local = await cli(["run", project, "--detach"]).done;
    expect(local.code).toBe(1);
    expect(local.stderr).toContain("--detach needs a backend that runs the project elsewhere");
  });
});
