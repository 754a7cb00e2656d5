// Starts the built `sextant` CLI (packages/cli/dist/main.js, `npm run build` first) as a child
// process for a benchmark, and reads server figures from /proc. Shared by the bench scripts.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../packages/cli/dist/main.js", import.meta.url));

/** The URL `sextant server` prints once it listens. */
const SERVER_URL = /https?:\/\/[\d.:[\]a-z]+:\d+/;

/**
 * Runs `sextant <args>` and resolves once its stdout shows a URL matching `urlPattern` (its first
 * group, else the whole match) with `{ url, pid, stop() }`; `stop()` sends SIGTERM and resolves
 * when the process has exited. Rejects if the process exits first. `env` is added to this
 * process's environment; stderr goes to this process's stderr.
 */
export function startCli(args, { env = {}, cwd, urlPattern = SERVER_URL } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (data) => {
      out += data;
      const match = urlPattern.exec(out);
      if (!match) return;
      child.stdout.off("data", onData);
      child.stdout.resume();
      resolve({
        url: match[1] ?? match[0],
        pid: child.pid,
        stop() {
          child.kill("SIGTERM");
          return exited;
        },
      });
    };
    child.stdout.on("data", onData);
    child.once("error", reject);
    void exited.then((code) => reject(new Error(`sextant ${args.join(" ")} exited early (${code}): ${out}`)));
  });
}

/** A process's resident set size in MB (Linux /proc), or undefined without a pid. */
export function rssMb(pid) {
  if (!pid) return undefined;
  const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return match ? Number(match[1]) / 1024 : undefined;
}
