import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built CLI entry point (`npm run build` makes it). */
export const CLI_MAIN = fileURLToPath(new URL("../../../../cli/dist/main.js", import.meta.url));

/** How a `sextant` process ended: its exit code (or the signal name) and its whole output. */
export interface CliResult {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

/** A `sextant` child process with its output so far. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has ended and its output is complete: the exit code, or the signal name. */
  readonly exited: Promise<number | string>;
  /** `exited` with the whole output. */
  readonly done: Promise<CliResult>;
}

/** Throws a clear error naming the first of `files` that `npm run build` has not made yet. */
export function requireBuilt(...files: readonly string[]): void {
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before these tests`);
  }
}

/**
 * Spawns `node packages/cli/dist/main.js <args>` with `env` as its whole environment (default:
 * this process's). Fails clearly when the CLI is not built.
 */
export function spawnCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliProcess {
  requireBuilt(CLI_MAIN);
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once("close", (code, signal) => resolve(code ?? signal ?? -1));
  });
  const done = exited.then((code) => ({ code, stdout: out, stderr: err }));
  return { child, stdout: () => out, stderr: () => err, exited, done };
}

/** Waits until the process's stdout matches `pattern` and returns the pattern's first group. */
export async function waitForOutput(cli: CliProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(cli.stdout());
    if (match) return match[1] ?? match[0];
    if (cli.child.exitCode !== null) throw new Error(`sextant exited (${cli.child.exitCode}): ${cli.stderr()}${cli.stdout()}`);
    if (Date.now() > deadline) throw new Error(`no output matching ${pattern} after ${timeoutMs} ms: ${cli.stdout()}${cli.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits for `sextant server`'s ready line and returns the URL it prints. */
export function serverUrl(cli: CliProcess, timeoutMs = 20_000): Promise<string> {
  return waitForOutput(cli, /listening at (http:\/\/[^\s]+)/, timeoutMs);
}

/**
 * The environment for `spawnCli` that points `sextant` at the tracking server `trackingUri`:
 * this process's, without its MLFLOW_EXPERIMENT_NAME, MLFLOW_EXPERIMENT_ID and MLFLOW_RUN_ID.
 */
export function cliEnvFor(trackingUri: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MLFLOW_TRACKING_URI: trackingUri };
  for (const name of ["MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID"]) delete env[name];
  return env;
}
