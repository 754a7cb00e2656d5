import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built CLI entry point (`npm run build` makes it). */
export const CLI_MAIN = fileURLToPath(new URL("../../../../cli/dist/main.js", import.meta.url));

/** A `sextant` child process with its output so far. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/** Spawns `node packages/cli/dist/main.js <args>`; fails clearly when the CLI is not built. */
export function spawnCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliProcess {
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run \`npm run build\` before these tests`);
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
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
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits for `sextant server`'s ready line and returns the URL it prints. */
export async function serverUrl(cli: CliProcess, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = cli.stdout().match(/listening at (http:\/\/[^\s]+)/);
    if (match) return match[1]!;
    if (cli.child.exitCode !== null) throw new Error(`server exited (${cli.child.exitCode}): ${cli.stderr()}${cli.stdout()}`);
    if (Date.now() > deadline) throw new Error(`no ready line after ${timeoutMs} ms: ${cli.stdout()}${cli.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
