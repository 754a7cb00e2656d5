import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePort } from "../parse-port.js";
import { type StartedUi, startUi } from "./ui.js";

describe("sextant ui", () => {
  let cwd: string;
  let ui: StartedUi;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), "sextant-cli-ui-"));
    ui = await startUi({ port: "0", host: "127.0.0.1" }, cwd);
  });
  afterAll(async () => {
    await ui?.server.close();
    await rm(cwd, { recursive: true, force: true });
  });

  it("opens ./mlruns (SQLite + artifact folder) with an in-process server", async () => {
    expect(ui.backendStoreUri).toBe(`sqlite:///${join(cwd, "mlruns", "mlflow.db")}`);
    expect(existsSync(join(cwd, "mlruns", "mlflow.db"))).toBe(true);
    expect(existsSync(join(cwd, "mlruns", "artifacts"))).toBe(true);
    expect(ui.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${ui.server.url}/ajax-api/2.0/mlflow/experiments/search?max_results=10`);
    const body = (await res.json()) as { experiments: { name: string }[] };
    expect(body.experiments.map((e) => e.name)).toContain("Default");
  });

  it("serves the web UI (or the page saying to build it) at / and deep links", async () => {
    for (const path of ["/", "/experiments/0"]) {
      const res = await fetch(ui.server.url + path, { headers: { accept: "text/html" } });
      expect(res.headers.get("content-type")).toContain("text/html");
      expect([200, 404]).toContain(res.status);
    }
  });

  it("rejects a bad --port with a one-line message", () => {
    expect(parsePort("5000")).toBe(5000);
    expect(parsePort("0")).toBe(0);
    for (const bad of ["abc", "-1", "70000", "1.5", ""]) expect(() => parsePort(bad)).toThrow(/Invalid --port .*0 to 65535/);
  });

  it("fails clearly when the port is taken", async () => {
    const port = Number(new URL(ui.server.url).port);
    await expect(startUi({ port: String(port), host: "127.0.0.1" }, cwd)).rejects.toThrow(/already in use/);
  });
});
