import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { RunStatus } from "@sextant/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareProjectRun } from "../../prepare-project-run.js";
import { ProjectBackendRegistry } from "../../project-backend-registry.js";
import type { ProjectTrackingClient } from "../../project-tracking-client.js";
import { submitProjectRun } from "../../run-project.js";
import { projectTrackingClient } from "../../sdk-tracking-client.js";
import { pullTestImage } from "../../test-support/pull-test-image.js";
import { type KubernetesTestEnv, startKubernetesTestEnv } from "../../test-support/kubernetes-test-env.js";
import { attachKubernetesRun } from "./attach-kubernetes-run.js";
import { KubernetesBackend } from "./kubernetes-backend.js";

const REPO = fileURLToPath(new URL("../../../../../", import.meta.url));
const EXAMPLE = join(REPO, "examples/logistic-regression");

let t: KubernetesTestEnv;

beforeAll(async () => {
  t = await startKubernetesTestEnv();
});
afterAll(async () => {
  await t?.close();
});

/** A Writable that keeps what was written. */
function sink() {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

/** The tracking client, recording every status the backend sets. */
function recordingTracking(statuses: RunStatus[]): ProjectTrackingClient {
  const inner = projectTrackingClient(t.client);
  return {
    ...inner,
    updateRun: async (runId, request) => {
      if (request.status) statuses.push(request.status);
      await inner.updateRun(runId, request);
    },
  };
}

async function fixtureProject(name: string, mlproject: string, template: string): Promise<string> {
  const dir = await mkdtemp(join(t.tmp, `${name}-`));
  await writeFile(join(dir, "MLproject"), mlproject);
  await writeFile(join(dir, "job.yaml"), template);
  await writeFile(join(dir, "train.sh"), "#!/bin/sh\necho training\n", { mode: 0o755 });
  return dir;
}

const TEMPLATE = (extra = "") => `apiVersion: batch/v1
kind: Job
metadata:
  name: placeholder
  namespace: ml
spec:
  backoffLimit: ${extra.includes("backoff") ? 1 : 0}
  template:
    spec:
      restartPolicy: Never
      nodeSelector: {pool: gpu}
      tolerations: [{key: gpu, operator: Exists, effect: NoSchedule}]
      containers:
        - name: placeholder
          image: placeholder
          env: [{name: FROM_TEMPLATE, value: "1"}, {name: FOO, value: template}]
`;

async function run(options: {
  uri: string;
  backendConfig: Record<string, unknown>;
  parameters?: Record<string, string>;
  env?: Record<string, string>;
  buildImage?: boolean;
  detach?: boolean;
  launched?: string[];
}) {
  const out = sink();
  const lines: string[] = [];
  const statuses: RunStatus[] = [];
  const backends = new ProjectBackendRegistry().register(
    new KubernetesBackend({
      fetch: t.registryFetch,
      pollMs: 100,
      cwd: REPO,
      launchWatcher: async (runId) => {
        options.launched?.push(runId);
        return { pid: 4242, logFile: "/tmp/watcher.log" };
      },
    }),
  );
  const env = { ...t.env, ...options.env };
  const prepared = await prepareProjectRun({
    uri: options.uri,
    backend: "kubernetes",
    backends,
    backendConfig: options.backendConfig,
    parameters: new Map(Object.entries(options.parameters ?? {})),
    cwd: REPO,
    env,
    log: (l) => lines.push(l),
    ...(options.buildImage === undefined ? {} : { buildImage: options.buildImage }),
    ...(options.detach ? { detach: true } : {}),
  });
  const submitted = await submitProjectRun(prepared, {
    tracking: recordingTracking(statuses),
    trackingUri: t.server.url,
    experimentName: "k8s",
    env,
    stdout: out.stream,
    log: (l) => lines.push(l),
  });
  return { submitted, out, lines, statuses };
}

describe("kubernetes backend with the example project and the seed's own template and config", () => {
  it("builds and pushes the image, creates a valid Job, streams the log, and records FINISHED with the log artifact", async () => {
    const config = JSON.parse(await readFile(join(EXAMPLE, "kubernetes_config.json"), "utf8")) as Record<string, unknown>;
    t.fake.plan = () => ({
      pendingMs: 400,
      lines: ["C=0.5 penalty=l2", "train acc 0.91", "test acc 0.89"],
      onStart: async (env) => {
        // Acts as the training code: logs to the run it was given, where it was told.
        const { MlflowClient } = await import("@sextant/sdk");
        await new MlflowClient({ trackingUri: env.MLFLOW_TRACKING_URI! }).logMetric(env.MLFLOW_RUN_ID!, "test acc", 0.89);
      },
    });
    const { submitted, out, lines, statuses } = await run({ uri: EXAMPLE, backendConfig: config, parameters: { C: "0.5", penalty: "l2" } });
    const result = await submitted.wait();
    expect(result).toMatchObject({ status: "FINISHED", exitCode: 0 });
    expect(t.fake.rejected).toEqual([]);
    expect(t.fake.unexpected).toEqual([]);

    const job = t.fake.createdJobs.at(-1) as { metadata: { name: string; namespace: string }; spec: Record<string, unknown> & { template: { spec: { containers: Record<string, unknown>[] } } } };
    expect(job.metadata.namespace).toBe("mlflow");
    expect(job.metadata.name).toMatch(/^logistic-regression-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-\d{6}$/);
    expect(job.metadata.name.length).toBeLessThanOrEqual(63);
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
    const container = job.spec.template.spec.containers[0]!;
    // The commit the run was tagged with (HEAD moves while other work lands in this tree).
    const runTags = Object.fromEntries(((await t.client.getRun(result.runId)).data.tags ?? []).map((tag) => [tag.key, tag.value]));
    const sha7 = runTags["mlflow.source.git.commit"]!.slice(0, 7);
    expect(sha7).toMatch(/^[0-9a-f]{7}$/);
    expect(container.name).toBe("logistic-regression");
    expect(container.image).toMatch(new RegExp(`^registry\\.example\\.com/ml/logistic-regression:${sha7}@sha256:[0-9a-f]{64}$`));
    expect(container.command).toEqual(["node", "dist/train.js", "--C", "0.5", "--penalty", "l2"]);
    expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } });
    const env = container.env as { name: string; value?: string; valueFrom?: unknown }[];
    expect(env.map((e) => e.name)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "MLFLOW_RUN_ID", "MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_ID"]);
    expect(env[0]!.valueFrom).toEqual({ secretKeyRef: { name: "mlflow-aws-credentials", key: "AWS_ACCESS_KEY_ID" } });
    expect(env[2]!.value).toBe(result.runId);
    expect(env[3]!.value).toBe(t.server.url);

    // The image the Job runs: the project and its node dependencies at /mlflow/projects/code.
    const image = await pullTestImage(t.registry.url, "ml/logistic-regression", sha7);
    expect(container.image).toBe(`registry.example.com/ml/logistic-regression:${sha7}@${image.digest}`);
    expect(image.config.config.WorkingDir).toBe("/mlflow/projects/code");
    const deps = await image.extractLayer(1);
    const code = join(deps.dir, "mlflow/projects/code");
    expect(JSON.parse(await readFile(join(code, "node_modules/@sextant/sdk/package.json"), "utf8")).name).toBe("@sextant/sdk");
    await readFile(join(code, "node_modules/@sextant/sdk/dist/index.js"));
    await readFile(join(code, "node_modules/@sextant/protocol/dist/index.js"));
    await readFile(join(code, "node_modules/yaml/package.json"));
    const files = await image.extractLayer(2);
    await readFile(join(files.dir, "mlflow/projects/code/dist/train.js"));
    await readFile(join(files.dir, "mlflow/projects/code/MLproject"));

    // Status, log, tags, and what the "training code" logged.
    expect(statuses).toEqual(["SCHEDULED", "RUNNING", "FINISHED"]);
    expect(out.text()).toBe("C=0.5 penalty=l2\ntrain acc 0.91\ntest acc 0.89\n");
    const runInfo = await t.client.getRun(result.runId);
    expect(runInfo.info.status).toBe("FINISHED");
    expect(runInfo.data.metrics?.find((m) => m.key === "test acc")?.value).toBe(0.89);
    const tags = Object.fromEntries((runInfo.data.tags ?? []).map((tag) => [tag.key, tag.value]));
    expect(tags).toMatchObject({
      "mlflow.project.backend": "kubernetes",
      "mlflow.project.env": "docker",
      "mlflow.docker.image.uri": `registry.example.com/ml/logistic-regression:${sha7}`,
      "mlflow.docker.image.id": image.digest,
      "sextant.kubernetes.job.name": job.metadata.name,
      "sextant.kubernetes.job.namespace": "mlflow",
    });
    const saved = await t.client.downloadArtifacts(result.runId, "logs/stdout.txt", await mkdtemp(join(t.tmp, "dl-")));
    expect(await readFile(saved, "utf8")).toBe(out.text());
    const text = lines.join("\n");
    expect(text).toContain("Base image docker.io/library/node:20-slim");
    expect(text).toMatch(/layer \d\/\d [0-9a-f]{12} .*: (uploaded|already in the registry)/);
    expect(text).toMatch(/\[\d+s\] pod logistic-regression-[\w-]+: pulling image \/ starting \(ContainerCreating\)/);
    expect(text).toMatch(/\[\d+s\] pod .*: running/);
    expect(text).toMatch(/\[\d+s\] pod .*: succeeded/);
  });
});

describe("kubernetes backend, failures and control", () => {
  it("reports a failing container: FAILED with its exit code; docker_env.environment applied; names cleaned", async () => {
    const dir = await fixtureProject(
      "fail",
      `name: My_Project\ndocker_env:\n  image: ${t.baseImage}\n  environment: [["FOO", "bar"], "COPIED", "NOT_SET_ANYWHERE"]\nentry_points:\n  main:\n    command: "sh train.sh && echo done"\n`,
      TEMPLATE(),
    );
    t.fake.plan = () => ({ pendingMs: 500, lines: ["starting", "boom"], exitCodes: [3], dropFirstStreamAfter: 1 });
    const { submitted, out, lines, statuses } = await run({
      uri: dir,
      backendConfig: { "kube-job-template-path": join(dir, "job.yaml"), "repository-uri": `${t.registry.host}/team/fail` },
      env: { COPIED: "from-host" },
    });
    const result = await submitted.wait();
    expect(result).toMatchObject({ status: "FAILED", exitCode: 3 });
    expect(statuses.at(-1)).toBe("FAILED");
    // The log stream dropped after one line was resumed without repeating it.
    expect(out.text()).toBe("starting\nboom\n");
    const job = t.fake.createdJobs.at(-1) as { metadata: { name: string }; spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } } };
    expect(job.metadata.name).toMatch(/^my-project-/);
    const podSpec = job.spec.template.spec;
    expect(podSpec.nodeSelector).toEqual({ pool: "gpu" });
    expect(podSpec.tolerations).toEqual([{ key: "gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(podSpec.containers[0]!.name).toBe("my-project");
    expect(podSpec.containers[0]!.command).toEqual(["/bin/sh", "-c", "sh train.sh && echo done"]);
    const env = podSpec.containers[0]!.env as { name: string; value: string }[];
    expect(env.map((e) => `${e.name}=${e.value}`)).toEqual([
      "FROM_TEMPLATE=1",
      "FOO=bar",
      "COPIED=from-host",
      `MLFLOW_RUN_ID=${result.runId}`,
      `MLFLOW_TRACKING_URI=${t.server.url}`,
      expect.stringMatching(/^MLFLOW_EXPERIMENT_ID=\d+$/),
    ]);
    expect(lines.join("\n")).toContain("NOT_SET_ANYWHERE, which is not set here");
    expect(lines.join("\n")).toMatch(/pod my-project-.*: failed \(exit code 3, Error\)/);
    expect(t.fake.rejected).toEqual([]);
  });

  it("follows a retried pod (backoffLimit 1) to success, with KUBE_MLFLOW_TRACKING_URI for the pod", async () => {
    const dir = await fixtureProject("retry", `name: retry\ndocker_env:\n  image: ${t.baseImage}\nentry_points:\n  main:\n    command: sh train.sh\n`, TEMPLATE("backoff"));
    t.fake.plan = () => ({ pendingMs: 100, lines: ["try"], exitCodes: [2, 0] });
    const { submitted, out } = await run({
      uri: dir,
      backendConfig: { "kube-job-template-path": join(dir, "job.yaml"), "repository-uri": `${t.registry.host}/team/retry` },
      env: { KUBE_MLFLOW_TRACKING_URI: "http://mlflow.ml.svc:5000" },
    });
    const result = await submitted.wait();
    expect(result).toMatchObject({ status: "FINISHED", exitCode: 0 });
    expect(out.text()).toMatch(/^try\n--- pod retry-[\w-]+ \(attempt 2\) ---\ntry\n$/);
    const env = (t.fake.createdJobs.at(-1) as { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } }).spec.template.spec.containers[0]!.env;
    expect(env.find((e) => e.name === "MLFLOW_TRACKING_URI")?.value).toBe("http://mlflow.ml.svc:5000");
  });

  it("on Ctrl-C deletes the Job with its pods and marks the run KILLED (exit 130), keeping the log so far", async () => {
    const dir = await fixtureProject("cancel", `name: cancel\ndocker_env:\n  image: ${t.baseImage}\nentry_points:\n  main:\n    command: sh train.sh\n`, TEMPLATE());
    t.fake.plan = () => ({ pendingMs: 100, lines: ["working"], holdMs: 60_000 });
    const { submitted, out, statuses } = await run({
      uri: dir,
      backendConfig: { "kube-job-template-path": join(dir, "job.yaml"), "repository-uri": `${t.registry.host}/team/cancel` },
    });
    const waiting = submitted.wait();
    while (!out.text().includes("working")) await new Promise((r) => setTimeout(r, 50));
    const result = await submitted.cancel("SIGINT");
    expect(await waiting).toEqual(result);
    expect(result).toMatchObject({ status: "KILLED", exitCode: 130 });
    const name = (t.fake.createdJobs.at(-1) as { metadata: { name: string } }).metadata.name;
    expect(t.fake.deletions).toContainEqual({ namespace: "ml", name, propagationPolicy: "Background" });
    expect(t.fake.job("ml", name)).toBeUndefined();
    expect(statuses).toEqual(["SCHEDULED", "RUNNING", "KILLED"]);
    expect((await t.client.getRun(result.runId)).info.status).toBe("KILLED");
    const saved = await t.client.downloadArtifacts(result.runId, "logs/stdout.txt", await mkdtemp(join(t.tmp, "dl-")));
    expect(await readFile(saved, "utf8")).toBe("working\n");
  });

  it("--detach returns once the Job exists; attaching later follows it to the end (reconcile), and a vanished Job is reconciled as FAILED", async () => {
    const dir = await fixtureProject("detach", `name: detach\ndocker_env:\n  image: ${t.baseImage}\nentry_points:\n  main:\n    command: sh train.sh\n`, TEMPLATE());
    t.fake.plan = () => ({ pendingMs: 300, lines: ["one", "two"], holdMs: 300 });
    const launched: string[] = [];
    const { submitted, out } = await run({
      uri: dir,
      backendConfig: { "kube-job-template-path": join(dir, "job.yaml"), "repository-uri": `${t.registry.host}/team/detach` },
      detach: true,
      launched,
    });
    const early = await submitted.wait();
    expect(early.status).toBe("SCHEDULED");
    expect(launched).toEqual([early.runId]);
    const name = (t.fake.createdJobs.at(-1) as { metadata: { name: string } }).metadata.name;
    expect(out.text()).toBe(`${early.runId} ml/${name}\n`);
    expect(t.fake.job("ml", name)).toBeDefined();
    expect((await t.client.getRun(early.runId)).info.status).toBe("SCHEDULED");

    const attached = sink();
    const attachLog: string[] = [];
    const result = await attachKubernetesRun({
      runId: early.runId,
      tracking: projectTrackingClient(t.client),
      env: t.env,
      stdout: attached.stream,
      log: (l) => attachLog.push(l),
      pollMs: 100,
    });
    expect(result).toMatchObject({ status: "FINISHED", exitCode: 0 });
    expect(attached.text()).toBe("one\ntwo\n");
    expect((await t.client.getRun(early.runId)).info.status).toBe("FINISHED");
    const saved = await t.client.downloadArtifacts(early.runId, "logs/stdout.txt", await mkdtemp(join(t.tmp, "dl-")));
    expect(await readFile(saved, "utf8")).toBe("one\ntwo\n");
    // Attaching to an ended run shows its Job's log again and records nothing more.
    const replay = sink();
    const artifactsBefore = await t.client.listArtifacts(early.runId, "logs");
    const again = await attachKubernetesRun({ runId: early.runId, tracking: projectTrackingClient(t.client), env: t.env, stdout: replay.stream, log: (l) => attachLog.push(l), pollMs: 100 });
    expect(again).toMatchObject({ status: "FINISHED", exitCode: 0 });
    expect(replay.text()).toBe("one\ntwo\n");
    expect(attachLog.join("\n")).toContain("already ended: FINISHED");
    expect(await t.client.listArtifacts(early.runId, "logs")).toEqual(artifactsBefore);

    // A detached run whose Job disappears (deleted by someone) is reconciled as FAILED.
    t.fake.plan = () => ({ pendingMs: 100, lines: ["x"], holdMs: 60_000 });
    const second = await run({
      uri: dir,
      backendConfig: { "kube-job-template-path": join(dir, "job.yaml"), "repository-uri": `${t.registry.host}/team/detach` },
      detach: true,
    });
    const { runId } = await second.submitted.wait();
    const secondName = (t.fake.createdJobs.at(-1) as { metadata: { name: string } }).metadata.name;
    const response = await fetch(`${t.fake.url}/apis/batch/v1/namespaces/ml/jobs/${secondName}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${(await readFile(t.kubeconfig, "utf8")).match(/token: (\w+)/)![1]}` },
    });
    expect(response.status).toBe(200);
    const reconciled = await attachKubernetesRun({ runId, tracking: projectTrackingClient(t.client), env: t.env, stdout: attached.stream, log: (l) => attachLog.push(l) });
    expect(reconciled).toMatchObject({ status: "FAILED", exitCode: 1 });
    expect((await t.client.getRun(runId)).info.status).toBe("FAILED");
  });

  it("--build-image=false runs docker_env.image pinned to its digest, pushing nothing", async () => {
    const dir = await fixtureProject("nobuild", `name: nobuild\ndocker_env:\n  image: ${t.baseImage}\nentry_points:\n  main:\n    command: sh train.sh\n`, TEMPLATE());
    t.fake.plan = () => ({ pendingMs: 50, lines: ["ok"] });
    const { submitted, lines } = await run({
      uri: dir,
      buildImage: false,
      backendConfig: { "kube-job-template-path": join(dir, "job.yaml"), "repository-uri": `${t.registry.host}/team/nobuild` },
    });
    expect(await submitted.wait()).toMatchObject({ status: "FINISHED" });
    const digest = (await pullTestImage(t.registry.url, "team/base", "1")).digest;
    const image = (t.fake.createdJobs.at(-1) as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]!.image;
    expect(image).toBe(`${t.baseImage}@${digest}`);
    expect(lines.join("\n")).not.toContain("Building image");
    const tags = await fetch(`${t.registry.url}/v2/team/nobuild/tags/list`);
    expect(tags.status).toBe(404);
  });

  it("refuses bad settings before any run exists, each with a clear message", async () => {
    const dir = await fixtureProject("bad", `name: bad\ndocker_env:\n  image: ${t.baseImage}\nentry_points:\n  main:\n    command: sh train.sh\n`, TEMPLATE());
    await mkdir(join(dir, "tpl"));
    await writeFile(join(dir, "tpl/deploy.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n");
    await writeFile(join(dir, "tpl/broken.yaml"), "apiVersion: batch/v1\nkind: Job\nspec: {template: {spec: {containers: []}}}\n");
    const repo = `${t.registry.host}/team/bad`;
    const before = (await t.client.searchRuns(["0", ...(await experimentIds())])).items.length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ "repository-uri": repo }, /needs 'kube-job-template-path'/],
      [{ "kube-job-template-path": "job.yaml" }, /needs 'repository-uri'/],
      [{ "kube-job-template-path": "job.yaml", "repository-uri": repo, "kube-contxt": "x" }, /Unknown kubernetes --backend-config key 'kube-contxt'; known keys: kube-job-template-path, repository-uri, kube-context/],
      [{ "kube-job-template-path": "nope.yaml", "repository-uri": repo }, /Cannot read 'kube-job-template-path' nope.yaml \(tried .*ENOENT/],
      [{ "kube-job-template-path": "tpl/deploy.yaml", "repository-uri": repo }, /must be a batch\/v1 Job, but it is apiVersion "apps\/v1" kind "Deployment"/],
      [{ "kube-job-template-path": "tpl/broken.yaml", "repository-uri": repo }, /needs spec.template.spec.containers with at least one container/],
      [{ "kube-job-template-path": "job.yaml", "repository-uri": repo, "kube-context": "prod" }, /Kubernetes context 'prod' is not in the kubeconfig \(contexts: fake\)/],
      [{ "kube-job-template-path": "job.yaml", "repository-uri": 42 }, /'repository-uri' must be a non-empty string/],
    ];
    for (const [backendConfig, message] of cases) {
      await expect(run({ uri: dir, backendConfig })).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE", message: expect.stringMatching(message) });
    }
    const noDocker = await fixtureProject("nodocker", "name: nodocker\nentry_points:\n  main:\n    command: sh train.sh\n", TEMPLATE());
    await expect(run({ uri: noDocker, backendConfig: { "kube-job-template-path": "job.yaml", "repository-uri": repo } })).rejects.toThrow(/needs docker_env.image/);
    expect((await t.client.searchRuns(["0", ...(await experimentIds())])).items.length).toBe(before);
  });
});

async function experimentIds(): Promise<string[]> {
  const found = await t.client.getExperimentByName("k8s");
  return found ? [found.experiment_id] : [];
}
