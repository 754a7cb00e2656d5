import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArtifactTestApp, startArtifactTestApp } from "./test-support/artifact-test-app.js";
import { rawRequest } from "./test-support/raw-request.js";

/**
 * The classes of published MLflow path-traversal CVEs, each sent raw to the server (fetch
 * would normalise some of them away). Every one must be refused with INVALID_PARAMETER_VALUE
 * and leave the folder next to the artifact roots exactly as it was. A naive `join(root, path)`
 * implementation reads, writes or deletes there for each of them.
 */
describe("artifact path safety", () => {
  let base: string;
  let destination: string;
  let outside: string;
  let app: ArtifactTestApp;
  let goodRun: string;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), "sextant-safety-"));
    destination = join(base, "mlartifacts");
    outside = join(base, "outside");
    await mkdir(join(destination, "1", "r", "artifacts"), { recursive: true });
    await mkdir(outside);
    await writeFile(join(outside, "secret.txt"), "top secret");
    await writeFile(join(destination, "1", "r", "artifacts", "ok.txt"), "fine");
    await symlink(outside, join(destination, "1", "link"));
    app = await startArtifactTestApp({ artifactsDestination: destination, defaultArtifactRoot: join(base, "mlruns") });
    goodRun = app.addRun("mlflow-artifacts:/1/r/artifacts");
  });
  afterAll(async () => {
    await app.close();
    // The outside folder must hold exactly what it held before any test ran.
    expect(await readdir(outside)).toEqual(["secret.txt"]);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("top secret");
    await rm(base, { recursive: true, force: true });
  });

  async function expectRefused(method: string, path: string, body?: string): Promise<void> {
    const response = await rawRequest(app.url, method, path, body);
    expect({ path, status: response.status }).toEqual({ path, status: 400 });
    expect(JSON.parse(response.text)).toMatchObject({ error_code: "INVALID_PARAMETER_VALUE" });
    expect(response.text).not.toContain("top secret");
  }

  const traversals = [
    ["'..' segments", "../outside/secret.txt"],
    ["encoded dots", "%2e%2e/outside/secret.txt"],
    ["double-encoded dots", "%252e%252e/outside/secret.txt"],
    ["encoded slashes", "..%2foutside%2fsecret.txt"],
    ["double-encoded slashes", "1%252f..%252f..%252foutside%252fsecret.txt"],
    ["backslashes", "..%5coutside%5csecret.txt"],
    ["an absolute path", "%2F@OUTSIDE@/secret.txt"],
    ["a '#' fragment", "1/r/artifacts%23/../../../../outside/secret.txt"],
    ["a NUL byte", "1/r/artifacts/ok.txt%00.png"],
  ] as const;

  for (const [what, template] of traversals) {
    it(`refuses ${what} on proxy download, upload and delete`, async () => {
      const path = template.replace("@OUTSIDE@", encodeURIComponent(outside.slice(1)));
      await expectRefused("GET", `/api/2.0/mlflow-artifacts/artifacts/${path}`);
      await expectRefused("PUT", `/api/2.0/mlflow-artifacts/artifacts/${path.replace("secret.txt", "planted.txt")}`, "x");
      await expectRefused("DELETE", `/ajax-api/2.0/mlflow-artifacts/artifacts/${path}`);
      await expectRefused("GET", `/api/2.0/mlflow-artifacts/artifacts?path=${path.replace("/secret.txt", "")}`);
      await expectRefused("GET", `/get-artifact?run_uuid=${goodRun}&path=${path}`);
      await expectRefused("GET", `/api/2.0/mlflow/artifacts/list?run_id=${goodRun}&path=${path.replace("/secret.txt", "")}`);
      await expectRefused("POST", `/api/2.0/mlflow-artifacts/mpu/create/${path}`, JSON.stringify({ path: "x.bin", num_parts: 1 }));
    });
  }

  it("refuses a multipart file name that is not a plain name", async () => {
    await expectRefused("POST", "/api/2.0/mlflow-artifacts/mpu/create/1/r", JSON.stringify({ path: "..", num_parts: 1 }));
    await expectRefused("POST", "/api/2.0/mlflow-artifacts/mpu/create/1/r", JSON.stringify({ path: "/tmp/a%00b", num_parts: 1 }));
  });

  it("refuses symbolic links in the store that point outside it", async () => {
    await expectRefused("GET", "/api/2.0/mlflow-artifacts/artifacts/1/link/secret.txt");
    await expectRefused("PUT", "/api/2.0/mlflow-artifacts/artifacts/1/link/planted.txt", "x");
    await expectRefused("PUT", "/api/2.0/mlflow-artifacts/artifacts/1/link/new/planted.txt", "x");
    await expectRefused("DELETE", "/api/2.0/mlflow-artifacts/artifacts/1/link/secret.txt");
    await expectRefused("GET", "/api/2.0/mlflow-artifacts/artifacts?path=1/link");
    const listing = await rawRequest(app.url, "GET", "/api/2.0/mlflow-artifacts/artifacts?path=1");
    expect(JSON.parse(listing.text)).toEqual({ files: [{ path: "r", is_dir: true }] });
  });

  const locations = [
    ["a local folder outside the artifact roots", () => outside],
    ["/etc", () => "/etc"],
    ["a file: URI outside the roots", () => `file://${outside}`],
    ["a '#' fragment trick", () => `file://${destination}/1/r/artifacts#/../../../outside`],
    ["a '?' query trick", () => `${destination}/1/r/artifacts?/../../../outside`],
    ["'..' in an mlflow-artifacts URI", () => "mlflow-artifacts:/1/r/../../../outside"],
    ["encoded '..' in an mlflow-artifacts URI", () => "mlflow-artifacts:/%2e%2e/outside"],
    ["'..' in an http proxy URL", () => "http://host/api/2.0/mlflow-artifacts/artifacts/%252e%252e/outside"],
  ] as const;

  for (const [what, location] of locations) {
    it(`refuses a run whose artifact location is ${what}`, async () => {
      const runId = app.addRun(location());
      await expectRefused("GET", `/api/2.0/mlflow/artifacts/list?run_id=${runId}`);
      await expectRefused("GET", `/get-artifact?run_uuid=${runId}&path=secret.txt`);
      const upload = await rawRequest(app.url, "POST", `/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${runId}&path=planted.txt`, "x");
      expect(upload.status).toBe(400);
    });
  }

  it("still serves the legitimate run", async () => {
    const listing = await rawRequest(app.url, "GET", `/api/2.0/mlflow/artifacts/list?run_id=${goodRun}`);
    expect(JSON.parse(listing.text)).toEqual({
      root_uri: "mlflow-artifacts:/1/r/artifacts",
      files: [{ path: "ok.txt", is_dir: false, file_size: 4 }],
    });
    const file = await rawRequest(app.url, "GET", `/get-artifact?run_uuid=${goodRun}&path=ok.txt`);
    expect(file.text).toBe("fine");
  });
});
