import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Job } from "kubernetes-models/batch/v1/Job";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandArgv } from "./command-argv.js";
import { dnsLabel, jobName } from "./dns-label.js";
import { checkKubernetesBackendConfig, parseJobTemplate } from "./kubernetes-backend-config.js";
import { kubernetesJobDefinition } from "./kubernetes-job-definition.js";
import { loadKubeConfig } from "./load-kube-config.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sextant-k8s-unit-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("names", () => {
  it("cleans project names into DNS-1123 labels of at most 63 characters", () => {
    expect(dnsLabel("My_Project")).toBe("my-project");
    expect(dnsLabel("  --Ünïcode.Name!! ")).toBe("unicode-name");
    expect(dnsLabel("___")).toBe("project");
    expect(dnsLabel("a".repeat(80))).toHaveLength(63);
    expect(dnsLabel(`${"a".repeat(62)}-b`)).toBe("a".repeat(62));
  });

  it("names Jobs <project>-<timestamp> like MLflow, within 63 characters", () => {
    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(jobName("My_Project", when, 9)).toBe("my-project-2024-01-02-03-04-05-678009");
    const long = jobName("x".repeat(100), when);
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^x+-2024-01-02-03-04-05-678000$/);
  });
});

describe("commandArgv", () => {
  it("splits plain commands into argv, removing shell quotes", () => {
    expect(commandArgv("node dist/train.js --C 0.5 --penalty l2")).toEqual(["node", "dist/train.js", "--C", "0.5", "--penalty", "l2"]);
    expect(commandArgv(`python train.py --name 'a b' --q "it's" --e ''`)).toEqual(["python", "train.py", "--name", "a b", "--q", "it's", "--e", ""]);
    expect(commandArgv(`echo 'x'"'"'y' a\\ b`)).toEqual(["echo", "x'y", "a b"]);
  });

  it("runs commands that need a shell with /bin/sh -c", () => {
    for (const command of ["make && node x.js", "echo $HOME", "a | b", "FOO=1 node x.js", "ls *.csv", "node x.js > out.txt"]) {
      expect(commandArgv(command)).toEqual(["/bin/sh", "-c", command]);
    }
    expect(commandArgv("echo '$HOME'")).toEqual(["echo", "$HOME"]);
  });

  it("rejects empty commands and unterminated quotes", () => {
    expect(() => commandArgv("   ")).toThrow("The entry point command is empty");
    expect(() => commandArgv("echo 'oops")).toThrow(/unterminated ' quote/);
  });
});

describe("kubernetesJobDefinition", () => {
  const template = parseJobTemplate(
    `apiVersion: batch/v1
kind: Job
metadata: {name: x, generateName: y-, namespace: ml, labels: {team: a}}
spec:
  ttlSecondsAfterFinished: 100
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: x
          image: x
          env:
            - {name: AWS_ACCESS_KEY_ID, valueFrom: {secretKeyRef: {name: s, key: k}}}
            - {name: MLFLOW_RUN_ID, value: stale}
        - {name: sidecar, image: busybox}
`,
    "job.yaml",
  );
  const input = {
    jobName: "demo-2024-01-01-00-00-00-000000",
    containerName: "demo",
    image: `reg/app:abc1234@sha256:${"1".repeat(64)}`,
    command: ["node", "x.js"],
    dockerEnvironment: [{ name: "A", value: "1" }, { copy: "HOST_VAR" }, { copy: "MISSING" }],
    hostEnv: { HOST_VAR: "h" },
    runId: "r1",
    experimentId: "7",
    trackingUri: "http://tracking:5000",
  };

  it("fills the first container and keeps everything else, without touching the template", () => {
    const { job, missingCopies } = kubernetesJobDefinition(template, input);
    expect(missingCopies).toEqual(["MISSING"]);
    expect(job.metadata).toEqual({ name: input.jobName, namespace: "ml", labels: { team: "a" } });
    const [first, sidecar] = job.spec.template.spec.containers;
    expect(first).toMatchObject({ name: "demo", image: input.image, command: ["node", "x.js"] });
    expect(first!.env).toEqual([
      { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
      { name: "A", value: "1" },
      { name: "HOST_VAR", value: "h" },
      { name: "MLFLOW_RUN_ID", value: "r1" },
      { name: "MLFLOW_TRACKING_URI", value: "http://tracking:5000" },
      { name: "MLFLOW_EXPERIMENT_ID", value: "7" },
    ]);
    expect(sidecar).toEqual({ name: "sidecar", image: "busybox" });
    expect((job.spec as Record<string, unknown>).ttlSecondsAfterFinished).toBe(100);
    expect(template.spec.template.spec.containers[0]!.name).toBe("x");
    expect(() => new Job(job as unknown as ConstructorParameters<typeof Job>[0]).validate()).not.toThrow();
  });

  it("lets KUBE_MLFLOW_TRACKING_URI override the tracking URI, as MLflow does", () => {
    const { job } = kubernetesJobDefinition(template, { ...input, hostEnv: { KUBE_MLFLOW_TRACKING_URI: "http://in-cluster" } });
    const env = job.spec.template.spec.containers[0]!.env as { name: string; value?: string }[];
    expect(env.find((e) => e.name === "MLFLOW_TRACKING_URI")?.value).toBe("http://in-cluster");
  });
});

describe("backend config", () => {
  it("checks keys and types", () => {
    expect(() => checkKubernetesBackendConfig({ "kube-job-template-path": "a", "repository-uri": "b", "insecure-registries": ["r:5000"], "build-image": false })).not.toThrow();
    expect(() => checkKubernetesBackendConfig({ "kube-job-template-path": "a", "repository-uri": "b", "insecure-registries": "r" })).toThrow(/must be a list/);
    expect(() => checkKubernetesBackendConfig({ "kube-job-template-path": "a", "repository-uri": "b", "build-image": "no" })).toThrow(/must be true or false/);
  });

  it("rejects templates that are not batch/v1 Jobs, naming the file", () => {
    expect(() => parseJobTemplate("kind: [", "t.yaml")).toThrow(/Job template t.yaml is not valid YAML/);
    expect(() => parseJobTemplate("- a\n", "t.yaml")).toThrow(/must be a YAML mapping/);
    expect(() => parseJobTemplate("apiVersion: batch/v1beta1\nkind: CronJob\n", "t.yaml")).toThrow(/must be a batch\/v1 Job, but it is apiVersion "batch\/v1beta1" kind "CronJob"/);
  });
});

describe("loadKubeConfig", () => {
  const kubeconfig = (context: string, server: string) => `apiVersion: v1
kind: Config
current-context: ${context}
clusters: [{name: ${context}-c, cluster: {server: "${server}"}}]
users: [{name: ${context}-u, user: {token: t-${context}}}]
contexts: [{name: ${context}, context: {cluster: ${context}-c, user: ${context}-u, namespace: ns-${context}}}]
`;

  it("merges every KUBECONFIG file; the first file's current-context wins; kube-context switches", async () => {
    await writeFile(join(dir, "a.yaml"), kubeconfig("dev", "https://dev.example:6443"));
    await writeFile(join(dir, "b.yaml"), kubeconfig("prod", "https://prod.example:6443"));
    const env = { KUBECONFIG: `${join(dir, "a.yaml")}:${join(dir, "b.yaml")}` };
    expect(loadKubeConfig({ env }).getCurrentCluster()?.server).toBe("https://dev.example:6443");
    const prod = loadKubeConfig({ env, context: "prod" });
    expect(prod.getCurrentCluster()?.server).toBe("https://prod.example:6443");
    expect(prod.getCurrentUser()?.token).toBe("t-prod");
    expect(() => loadKubeConfig({ env, context: "staging" })).toThrow("Kubernetes context 'staging' is not in the kubeconfig (contexts: dev, prod)");
    expect(() => loadKubeConfig({ env: { KUBECONFIG: join(dir, "nope.yaml") } })).toThrow(/Cannot load kubeconfig .*nope.yaml \(from KUBECONFIG\)/);
  });

  it("reads ~/.kube/config, then the in-cluster service account, else says where it looked", async () => {
    const home = join(dir, "home");
    await mkdir(join(home, ".kube"), { recursive: true });
    await writeFile(join(home, ".kube/config"), kubeconfig("home", "https://home.example:6443"));
    expect(loadKubeConfig({ env: {}, home }).getCurrentCluster()?.server).toBe("https://home.example:6443");

    const sa = join(dir, "serviceaccount");
    await mkdir(sa);
    await writeFile(join(sa, "token"), "pod-token");
    await writeFile(join(sa, "namespace"), "training\n");
    const inCluster = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" }, home: join(dir, "nohome"), serviceAccountDir: sa });
    expect(inCluster.getCurrentCluster()).toMatchObject({ server: "https://10.0.0.1:443", caFile: join(sa, "ca.crt") });
    expect(inCluster.getContextObject(inCluster.getCurrentContext())?.namespace).toBe("training");
    expect(() => loadKubeConfig({ env: {}, home: join(dir, "nohome"), serviceAccountDir: join(dir, "none") })).toThrow(/No Kubernetes configuration: KUBECONFIG is not set/);
  });
});
