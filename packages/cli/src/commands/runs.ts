import { spawn } from "node:child_process";
import { mkdir, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { attachKubernetesRun, type LaunchedWatcher, projectTrackingClient } from "@sextant/projects";
import { MlflowClient } from "@sextant/sdk";
import type { Command } from "commander";
import { errorMessage } from "../error-message.js";
import { connectTracking, type TrackingConnection } from "../tracking-connection.js";

/** `sextant runs wait`'s options. */
interface WaitFlags {
  readonly kubeContext?: string;
}

const WAIT_DESCRIPTION = [
  "Attach to a project run started with `sextant run --backend kubernetes` (e.g. with --detach): stream its pod log from the start, show the Job's phase, and when the Job ends set the run's final status and save the log as logs/stdout.txt, as the original command would have.",
  "Exits with the Job's exit code (0 when it succeeded). Ctrl-C only detaches: the Job keeps running. A run whose Job no longer exists is marked FAILED.",
  "The tracking server is MLFLOW_TRACKING_URI's (or ./mlruns, as for sextant run); the cluster is the kubeconfig's (KUBECONFIG, ~/.kube/config or in-cluster) with the context recorded on the run unless --kube-context is given.",
].join("\n\n");

/** Registers `sextant runs` and its `wait` subcommand. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command("runs").description("Work with project runs");
  runs
    .command("wait")
    .description(WAIT_DESCRIPTION)
    .argument("<run_id>", "id of the run")
    .option("--kube-context <name>", "kubeconfig context to use instead of the one the run was started with")
    .action(async (runId: string, flags: WaitFlags) => {
      process.exitCode = await waitCommand(runId, flags);
    });
}

async function waitCommand(runId: string, flags: WaitFlags): Promise<number> {
  const say = (message: string) => void process.stderr.write(`${message}\n`);
  let connection: TrackingConnection | undefined;
  const onSignal = () => {
    say(`Detached from run ${runId}; its Job keeps running (attach again with \`sextant runs wait ${runId}\`)`);
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  try {
    // The run must already be tracked: no empty ./mlruns is created for it.
    connection = await connectTracking(process.env, process.cwd(), { requireTrackedData: true });
    const result = await attachKubernetesRun({
      runId,
      tracking: projectTrackingClient(new MlflowClient({ trackingUri: connection.trackingUri })),
      stdout: process.stdout,
      log: say,
      ...(flags.kubeContext ? { kubeContext: flags.kubeContext } : {}),
    });
    say(`=== Run (ID '${runId}') ${result.status} (exit code ${result.exitCode}) ===`);
    return result.exitCode;
  } catch (error) {
    say(`Error: ${errorMessage(error)}`);
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    await connection?.close().catch(() => {});
  }
}

/**
 * Starts `sextant runs wait <runId>` as a process detached from the terminal (its own
 * session, no stdin, output to a log file in `logDir`), so a `--detach`ed run is followed
 * to its end, its log saved and its final status set with no further command. `env` must
 * let it reach the same tracking server (MLFLOW_TRACKING_URI) and cluster (KUBECONFIG).
 */
export async function launchRunWatcher(
  runId: string,
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd: string; readonly logDir?: string },
): Promise<LaunchedWatcher> {
  const logDir = options.logDir ?? tmpdir();
  await mkdir(logDir, { recursive: true });
  const logFile = join(logDir, `sextant-run-${runId}.log`);
  const out = await open(logFile, "a");
  try {
    const main = fileURLToPath(new URL("../main.js", import.meta.url));
    const child = spawn(process.execPath, [main, "runs", "wait", runId], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", out.fd, out.fd],
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    child.unref();
    return { pid: child.pid ?? 0, logFile };
  } finally {
    await out.close();
  }
}
