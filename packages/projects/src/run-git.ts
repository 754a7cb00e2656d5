import { execFile } from "node:child_process";

/** The outcome of one `git` invocation. */
export interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  /** git's error text, or why git could not be started. */
  readonly stderr: string;
}

/**
 * Runs the `git` CLI with `args` in `cwd` and collects its output. Never prompts for
 * credentials (GIT_TERMINAL_PROMPT=0), so a private repository fails instead of hanging.
 * Never throws: a missing git binary is reported as `ok: false` with a message.
 */
export function runGit(args: readonly string[], cwd: string): Promise<GitResult> {
  return new Promise((resolveResult) => {
    execFile(
      "git",
      args,
      { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
          resolveResult({ ok: false, stdout: "", stderr: "git is not installed or not on PATH" });
          return;
        }
        resolveResult({ ok: !error, stdout: String(stdout), stderr: String(stderr).trim() || (error?.message ?? "") });
      },
    );
  });
}
