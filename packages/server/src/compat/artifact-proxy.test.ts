import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompatServer, type Json, type PythonClient, startCompatServer } from "./test-support/python-client.js";

/**
 * Run artifacts through the artifact proxy as MLflow's Python client moves them:
 * MlflowArtifactsRepository.resolve_uri (mlflow/store/artifact/mlflow_artifacts_repo.py) turns
 * the run's `mlflow-artifacts:/<exp>/<run>/artifacts` into
 * `<tracking>/api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts`, and
 * HttpArtifactRepository (mlflow/store/artifact/http_artifact_repo.py) then PUTs files there
 * (`posixpath.join("/", artifact_path, file_name)`, Content-Type from the file name), lists with
 * `GET /mlflow-artifacts/artifacts?path=<root>/<path>` (reading `files[].path/is_dir/file_size`),
 * downloads with GET, deletes with DELETE and tries `mpu/create` first for large files when
 * multipart upload is enabled, falling back to a PUT when the server says it is unsupported.
 */

const T0 = 1_700_000_000_000;
const PROXY = "/api/2.0/mlflow-artifacts/artifacts";

let server: CompatServer;
let py: PythonClient;
beforeAll(async () => {
  server = await startCompatServer();
  py = server.client;
});
afterAll(() => server.close());

/** A run, and where its artifact repository sends requests after resolve_uri. */
async function runWithArtifacts(name: string): Promise<{ runId: string; artifactUri: string; root: string }> {
  const experimentId: string = (await py.mlflow("POST", "experiments/create", { name })).body.experiment_id;
  const run = (await py.mlflow("POST", "runs/create", { experiment_id: experimentId, user_id: "alice", start_time: T0, tags: [] })).body.run;
  const artifactUri: string = run.info.artifact_uri;
  expect(artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${run.info.run_id}/artifacts`);
  // resolve_uri: urlparse(artifact_uri).path appended to the service root.
  const root = new URL(artifactUri.replace(/^mlflow-artifacts:/, "http://placeholder")).pathname.replace(/^\//, "");
  return { runId: run.info.run_id, artifactUri, root };
}

/** requests' URL quoting of the raw path HttpArtifactRepository builds (requote_uri). */
function quoted(path: string): string {
  return encodeURI(path);
}

/** HttpArtifactRepository.log_artifact: PUT <root>/<artifact_path>/<file name>, Content-Type guessed. */
async function putArtifact(root: string, relative: string, body: string, contentType: string): Promise<void> {
  const res = await py.request("PUT", quoted(`${PROXY}/${root}/${relative}`), new TextEncoder().encode(body), { "Content-Type": contentType });
  expect(res.status, res.text).toBe(200);
}

/** HttpArtifactRepository.list_artifacts(path): the FileInfos the client builds from the answer. */
async function listArtifacts(root: string, path?: string): Promise<{ path: string; is_dir: boolean; file_size?: number }[]> {
  const res = await py.call("GET", "/api/2.0/mlflow-artifacts/artifacts", { path: path ? `${root}/${path}` : root });
  expect(res.status, res.text).toBe(200);
  const files: Json[] = res.body.files ?? [];
  return files
    .map((f) => {
      // validate_path_is_safe(f["path"]): a base name, never absolute or climbing.
      expect(f.path).not.toMatch(/^\/|(^|\/)\.\.(\/|$)/);
      return {
        path: path ? `${path}/${f.path}` : f.path,
        is_dir: f.is_dir,
        ...("file_size" in f ? { file_size: Number(f.file_size) } : {}),
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** ArtifactRepository.download_artifacts: a path is a directory when listing it yields entries. */
async function downloadTree(root: string, path: string): Promise<Record<string, string>> {
  const listing = await listArtifacts(root, path);
  if (listing.length === 0) {
    const res = await py.request("GET", quoted(`${PROXY}/${root}/${path}`));
    expect(res.status, res.text).toBe(200);
    return { [path]: res.text };
  }
  const out: Record<string, string> = {};
  for (const entry of listing) Object.assign(out, await downloadTree(root, entry.path));
  return out;
}

describe("log_artifact / log_artifacts / list_artifacts / download_artifacts through the proxy", () => {
  it("uploads, lists with sizes, and downloads files and folders", async () => {
    const { root } = await runWithArtifacts("compat-artifacts");
    await putArtifact(root, "hello.txt", "hello world", "text/plain");
    // log_artifacts(local_dir, "outputs") walks the folder: one PUT per file, nested folders joined with "/".
    await putArtifact(root, "outputs/metrics.json", '{"acc": 0.9}', "application/json");
    await putArtifact(root, "outputs/nested/table.csv", "a,b\n1,2\n", "text/csv");
    await putArtifact(root, "outputs/my report.txt", "spaces are quoted by requests", "text/plain");
    await putArtifact(root, "outputs/größe.txt", "utf-8 names", "text/plain");

    expect(await listArtifacts(root)).toEqual([
      { path: "hello.txt", is_dir: false, file_size: 11 },
      { path: "outputs", is_dir: true },
    ]);
    expect(await listArtifacts(root, "outputs")).toEqual([
      { path: "outputs/größe.txt", is_dir: false, file_size: 11 },
      { path: "outputs/metrics.json", is_dir: false, file_size: 12 },
      { path: "outputs/my report.txt", is_dir: false, file_size: 29 },
      { path: "outputs/nested", is_dir: true },
    ]);
    expect(await downloadTree(root, "outputs")).toEqual({
      "outputs/metrics.json": '{"acc": 0.9}',
      "outputs/nested/table.csv": "a,b\n1,2\n",
      "outputs/my report.txt": "spaces are quoted by requests",
      "outputs/größe.txt": "utf-8 names",
    });
    // download_artifacts(run_id, "hello.txt"): listing a file yields nothing, so it is fetched as a file.
    expect(await downloadTree(root, "hello.txt")).toEqual({ "hello.txt": "hello world" });
  });

  it("an empty file is sent chunked with no chunks (requests: super_len 0 -> Transfer-Encoding: chunked) and stored empty", async () => {
    const { root } = await runWithArtifacts("compat-artifacts-empty");
    const empty = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const res = await fetch(`${server.url}${PROXY}/${root}/code/__init__.py`, {
      method: "PUT",
      body: empty,
      headers: { "Content-Type": "text/x-python" },
      duplex: "half",
    } as RequestInit);
    expect(res.status, await res.text()).toBe(200);
    expect(await listArtifacts(root, "code")).toEqual([{ path: "code/__init__.py", is_dir: false, file_size: 0 }]);
    const download = await py.request("GET", `${PROXY}/${root}/code/__init__.py`);
    expect([download.status, download.text]).toEqual([200, ""]);
  });

  it("lists a missing folder as empty (200 {}), and a missing file download is a 404", async () => {
    const { root } = await runWithArtifacts("compat-artifacts-missing");
    const empty = await py.call("GET", "/api/2.0/mlflow-artifacts/artifacts", { path: `${root}/nowhere` });
    expect([empty.status, empty.body]).toEqual([200, {}]);
    expect(await listArtifacts(root)).toEqual([]);
    const missing = await py.request("GET", `${PROXY}/${root}/nowhere.txt`);
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("the tracking API's artifacts/list answers root_uri and paths relative to the run root", async () => {
    // GET /api/2.0/mlflow/artifacts/list (handlers.py _list_artifacts; used by the UI and the R/Java clients).
    const { runId, artifactUri, root } = await runWithArtifacts("compat-artifacts-list");
    await putArtifact(root, "model/MLmodel", "flavors: {}\n", "text/plain");
    await putArtifact(root, "model/data/weights.bin", "0123", "application/octet-stream");
    const top = await py.mlflow("GET", "artifacts/list", { run_id: runId });
    expect(top.body).toEqual({ root_uri: artifactUri, files: [{ path: "model", is_dir: true }] });
    const model = await py.mlflow("GET", "artifacts/list", { run_uuid: runId, run_id: runId, path: "model" });
    expect(model.body.root_uri).toBe(artifactUri);
    expect(model.body.files).toEqual([
      { path: "model/MLmodel", is_dir: false, file_size: 12 },
      { path: "model/data", is_dir: true },
    ]);
    const empty = await py.mlflow("GET", "artifacts/list", { run_id: runId, path: "model/none" });
    expect([empty.status, empty.body]).toEqual([200, { root_uri: artifactUri }]);
  });

  it("multipart upload: mpu/create answers MLflow's unsupported message (501) on a local destination, so the client PUTs", async () => {
    const { root } = await runWithArtifacts("compat-artifacts-mpu");
    // Newest clients first ask /api/3.0/mlflow/server-info; anything but 200 means "no multipart".
    const info = await py.request("GET", "/api/3.0/mlflow/server-info");
    expect(info.status).not.toBe(200);
    // HttpArtifactRepository.create_multipart_upload: POST mpu/create/<root>/<artifact_path> {"path": local_file, "num_parts": n}.
    const create = await py.call("POST", `/api/2.0/mlflow-artifacts/mpu/create/${root}/big`, { path: "/tmp/tmpabc/weights.bin", num_parts: 3 });
    expect(create.status).toBeGreaterThanOrEqual(400);
    // _try_multipart_upload: e.response.json().get("message", "").startswith(_UnsupportedMultipartUploadException.MESSAGE)
    expect(create.body.message.startsWith("Multipart upload is not supported for the current artifact repository")).toBe(true);
    await putArtifact(root, "big/weights.bin", "x".repeat(4096), "application/octet-stream");
    expect(await listArtifacts(root, "big")).toEqual([{ path: "big/weights.bin", is_dir: false, file_size: 4096 }]);
  });

  it("delete_artifacts: DELETE <root>/<path> removes a file or a folder", async () => {
    const { root } = await runWithArtifacts("compat-artifacts-delete");
    await putArtifact(root, "tmp/a.txt", "a", "text/plain");
    await putArtifact(root, "tmp/sub/b.txt", "b", "text/plain");
    await putArtifact(root, "keep.txt", "k", "text/plain");
    expect((await py.request("DELETE", `${PROXY}/${root}/tmp/a.txt`)).status).toBe(200);
    expect((await py.request("DELETE", `${PROXY}/${root}/tmp`)).status).toBe(200);
    expect(await listArtifacts(root)).toEqual([{ path: "keep.txt", is_dir: false, file_size: 1 }]);
  });

  it("refuses paths that climb out of the artifact root with 400 INVALID_PARAMETER_VALUE", async () => {
    const { root } = await runWithArtifacts("compat-artifacts-unsafe");
    // (fetch would resolve a literal or %2E-encoded ".." segment itself, as requests does not;
    // an encoded slash keeps the segments for the server to judge.)
    const res = await py.request("GET", `${PROXY}/${root}/x%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd`);
    expect([res.status, res.body?.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const list = await py.call("GET", "/api/2.0/mlflow-artifacts/artifacts", { path: "../../etc" });
    expect([list.status, list.body?.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
  });
});
