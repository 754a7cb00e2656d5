import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** A running CNCF distribution registry (Debian's `docker-registry`) on a loopback port. */
export interface TestRegistry {
  /** `127.0.0.1:<port>`: the host part of image references. */
  readonly host: string;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Finds the registry binary: $SEXTANT_DOCKER_REGISTRY, /usr/bin/docker-registry, or
 * `docker-registry`/`registry` on PATH. Throws (failing the tests, never skipping them)
 * when there is none, saying how to install it.
 */
export function dockerRegistryBinary(): string {
  const candidates = [process.env.SEXTANT_DOCKER_REGISTRY, "/usr/bin/docker-registry"];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir) candidates.push(join(dir, "docker-registry"), join(dir, "registry"));
  const found = candidates.find((c): c is string => Boolean(c) && existsSync(c!));
  if (!found) {
    throw new Error("docker-registry (CNCF distribution) is not installed: run scripts/install-test-deps.sh (apt-get install docker-registry)");
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `docker-registry serve` with a config file and filesystem storage in a fresh
 * temporary folder, on a free loopback port, and waits until `/v2/` answers. Retries on
 * another port if the chosen one was taken meanwhile. `stop()` ends it and removes the folder.
 */
export async function startTestRegistry(): Promise<TestRegistry> {
  const binary = dockerRegistryBinary();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const dir = await mkdtemp(join(tmpdir(), "sextant-registry-"));
    const port = await freePort();
    const config = [
      "version: 0.1",
      "log:",
      "  level: error",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${join(dir, "data")}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      "health:",
      "  storagedriver:",
      "    enabled: false",
      "",
    ].join("\n");
    await writeFile(join(dir, "config.yml"), config);
    const child = spawn(binary, ["serve", join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilUp(url, child, () => stderr);
      return {
        host: `127.0.0.1:${port}`,
        url,
        stop: async () => {
          await stopChild(child);
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    }
  }
  throw lastError;
}

async function waitUntilUp(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    try {
      const response = await fetch(`${url}/v2/`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not answer on ${url} within 15 s: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
