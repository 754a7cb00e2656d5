import { randomBytes, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Job } from "kubernetes-models/batch/v1/Job";

/** What the fake cluster does with a Job's pod(s). */
export interface FakePodPlan {
  /** Delay before the pod appears after the Job is created. Default 100 ms. */
  readonly podDelayMs?: number;
  /** Time in ContainerCreating (the log endpoint answers 400 meanwhile). Default 300 ms. */
  readonly pendingMs?: number;
  /** The image cannot be pulled: the pod stays in ImagePullBackOff. */
  readonly pullError?: boolean;
  /** Log lines the container prints, `lineDelayMs` apart. */
  readonly lines?: readonly string[];
  readonly lineDelayMs?: number;
  /** Exit code per attempt (a Job with backoffLimit > 0 retries failed pods). Default [0]. */
  readonly exitCodes?: readonly number[];
  /** Time the container keeps running after its last line. Default 50 ms. */
  readonly holdMs?: number;
  /** Called when the container starts, with its environment (to act as the training code). */
  readonly onStart?: (env: Readonly<Record<string, string>>) => Promise<void>;
  /** Ends the first follow stream after this many lines while the container still runs. */
  readonly dropFirstStreamAfter?: number;
}

type Obj = Record<string, unknown> & { metadata: Record<string, unknown>; status: Record<string, unknown> };
interface LogLine {
  readonly stamp: string;
  readonly text: string;
}
interface FakePod {
  readonly object: Obj;
  readonly log: LogLine[];
  readonly listeners: Set<() => void>;
  streams: number;
}
interface FakeJob {
  object: Obj;
  readonly pods: FakePod[];
  deleted: boolean;
}

/** The fake API server, with everything it received. */
export interface FakeKubernetesApi {
  readonly url: string;
  /** Every Job body POSTed, as received. */
  readonly createdJobs: Record<string, unknown>[];
  /** Why bodies were refused (schema or API validation). */
  readonly rejected: string[];
  readonly deletions: { readonly namespace: string; readonly name: string; readonly propagationPolicy?: string }[];
  /** `METHOD path` of every request. */
  readonly requests: string[];
  /** Requests to paths it does not serve. */
  readonly unexpected: string[];
  /** Decides each new Job's pods. */
  plan: (job: Record<string, unknown>) => FakePodPlan;
  /** Writes a kubeconfig whose `context` (default "fake") points at this server with its token. */
  writeKubeconfig(file: string, options?: { readonly context?: string; readonly cluster?: string; readonly user?: string }): Promise<void>;
  /** The current Job object, if it exists. */
  job(namespace: string, name: string): Record<string, unknown> | undefined;
  close(): Promise<void>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An in-process stand-in for a Kubernetes API server (no real one can run here), serving
 * the paths the kubernetes backend calls: POST/GET/watch/DELETE of batch/v1 Jobs, listing
 * pods by `job-name` label, and pod logs (follow, timestamps, sinceTime; 400 while the
 * container is not running). Each POSTed Job is validated against the Kubernetes schema
 * (kubernetes-models) plus the API server's own name and restartPolicy rules, answering 422
 * like the real server. A created Job gets a pod a moment later that goes
 * ContainerCreating -> Running -> Succeeded/Failed as its `plan` says, and the Job's status
 * and conditions follow. Requests need the bearer token of the kubeconfig it writes.
 */
export async function startFakeKubernetesApi(): Promise<FakeKubernetesApi> {
  const token = randomBytes(12).toString("hex");
  const jobs = new Map<string, FakeJob>();
  const watchers = new Set<{ key: string; res: ServerResponse }>();
  let resourceVersion = 1;
  let nanos = 0;
  const api: Omit<FakeKubernetesApi, "url" | "writeKubeconfig" | "close" | "job"> = {
    createdJobs: [],
    rejected: [],
    deletions: [],
    requests: [],
    unexpected: [],
    plan: () => ({}),
  };
  const stamp = () => {
    nanos = (nanos + 1) % 1_000_000;
    return new Date().toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(nanos).padStart(6, "0")}Z`);
  };
  const notify = (type: string, job: FakeJob) => {
    job.object.metadata.resourceVersion = String(++resourceVersion);
    const key = `${job.object.metadata.namespace}/${job.object.metadata.name}`;
    for (const w of watchers) if (w.key === key) w.res.write(`${JSON.stringify({ type, object: job.object })}\n`);
  };
  const status = (res: ServerResponse, code: number, reason: string, message: string) =>
    res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code }));

  async function simulate(job: FakeJob, plan: FakePodPlan): Promise<void> {
    const spec = (job.object.spec as { backoffLimit?: number; template: { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } } });
    const container = spec.template.spec.containers[0]!;
    const exitCodes = plan.exitCodes ?? [0];
    await sleep(20);
    if (job.deleted) return;
    job.object.status = { startTime: new Date().toISOString(), active: 1 };
    notify("MODIFIED", job);
    for (let attempt = 0; ; attempt += 1) {
      await sleep(plan.podDelayMs ?? 100);
      if (job.deleted) return;
      const name = `${job.object.metadata.name}-${randomBytes(3).toString("hex").slice(0, 5)}`;
      const podObject: Obj = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name,
          namespace: job.object.metadata.namespace,
          creationTimestamp: new Date(Date.now() + attempt).toISOString(),
          labels: { "job-name": job.object.metadata.name, "batch.kubernetes.io/job-name": job.object.metadata.name, "controller-uid": job.object.metadata.uid },
        },
        status: { phase: "Pending", containerStatuses: [{ name: container.name, ready: false, restartCount: 0, state: { waiting: { reason: plan.pullError ? "ImagePullBackOff" : "ContainerCreating", ...(plan.pullError ? { message: "Back-off pulling image" } : {}) } } }] },
      };
      const pod: FakePod = { object: podObject, log: [], listeners: new Set(), streams: 0 };
      job.pods.push(pod);
      const changed = () => {
        for (const l of pod.listeners) l();
      };
      if (plan.pullError) return;
      await sleep(plan.pendingMs ?? 300);
      if (job.deleted) return;
      podObject.status = { phase: "Running", containerStatuses: [{ name: container.name, ready: true, restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } }] };
      changed();
      const env = Object.fromEntries((container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
      if (plan.onStart) await plan.onStart(env);
      for (const text of plan.lines ?? [`hello from ${name}`]) {
        await sleep(plan.lineDelayMs ?? 20);
        if (job.deleted) return;
        pod.log.push({ stamp: stamp(), text });
        changed();
      }
      await sleep(plan.holdMs ?? 50);
      if (job.deleted) return;
      const exitCode = exitCodes[Math.min(attempt, exitCodes.length - 1)]!;
      podObject.status = {
        phase: exitCode === 0 ? "Succeeded" : "Failed",
        containerStatuses: [{ name: container.name, ready: false, restartCount: 0, state: { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error" } } }],
      };
      changed();
      const failures = job.pods.length - (exitCode === 0 ? 1 : 0);
      if (exitCode !== 0 && failures <= (spec.backoffLimit ?? 6)) {
        job.object.status = { ...job.object.status, failed: failures };
        notify("MODIFIED", job);
        continue;
      }
      const now = new Date().toISOString();
      job.object.status =
        exitCode === 0
          ? { ...job.object.status, active: 0, succeeded: 1, completionTime: now, conditions: [{ type: "Complete", status: "True", lastTransitionTime: now }] }
          : { ...job.object.status, active: 0, failed: failures, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit", lastTransitionTime: now }] };
      notify("MODIFIED", job);
      return;
    }
  }

  function validate(body: Record<string, unknown>, namespace: string): string | undefined {
    try {
      new Job(body as ConstructorParameters<typeof Job>[0]).validate();
    } catch (error) {
      return `schema: ${(error as Error).message}`;
    }
    const metadata = (body.metadata ?? {}) as Record<string, unknown>;
    const name = metadata.name;
    if (typeof name !== "string" || name.length > 63 || !DNS_LABEL.test(name)) return `metadata.name: Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 label of at most 63 characters`;
    if (metadata.namespace !== undefined && metadata.namespace !== namespace) return `metadata.namespace: ${String(metadata.namespace)} does not match the request's namespace ${namespace}`;
    const podSpec = (body.spec as { template?: { spec?: { containers?: { name?: string; image?: string }[]; restartPolicy?: string } } }).template?.spec;
    for (const [i, c] of (podSpec?.containers ?? []).entries()) {
      if (!c.name || c.name.length > 63 || !DNS_LABEL.test(c.name)) return `spec.template.spec.containers[${i}].name: Invalid value: ${JSON.stringify(c.name)}`;
      if (!c.image) return `spec.template.spec.containers[${i}].image: Required value`;
    }
    if (podSpec?.restartPolicy !== "Never" && podSpec?.restartPolicy !== "OnFailure") {
      return `spec.template.spec.restartPolicy: Unsupported value: ${JSON.stringify(podSpec?.restartPolicy)}: supported values: "OnFailure", "Never"`;
    }
    return undefined;
  }

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    api.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${token}`) return status(res, 401, "Unauthorized", "Unauthorized");
    const jobsPath = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs$/.exec(url.pathname);
    const jobPath = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs\/([^/]+)$/.exec(url.pathname);
    const podsPath = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    const logPath = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(url.pathname);
    let m: RegExpExecArray | null = jobsPath;
    if (m) {
      const ns = m[1]!;
      if (req.method === "POST") {
        const body = await readBody(req);
        api.createdJobs.push(body);
        const problem = validate(body, ns);
        if (problem) {
          api.rejected.push(problem);
          return status(res, 422, "Invalid", `Job.batch is invalid: ${problem}`);
        }
        const name = (body.metadata as { name: string }).name;
        if (jobs.has(`${ns}/${name}`)) return status(res, 409, "AlreadyExists", `jobs.batch "${name}" already exists`);
        const object = structuredClone(body) as Obj;
        object.metadata = { ...object.metadata, namespace: ns, uid: randomUUID(), creationTimestamp: new Date().toISOString() };
        object.status = {};
        const job: FakeJob = { object, pods: [], deleted: false };
        jobs.set(`${ns}/${name}`, job);
        notify("ADDED", job);
        void simulate(job, api.plan(body));
        return res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(object));
      }
      const selector = url.searchParams.get("fieldSelector") ?? "";
      const named = /^metadata\.name=(.+)$/.exec(selector)?.[1];
      const matching = [...jobs.values()].filter((j) => j.object.metadata.namespace === ns && (!named || j.object.metadata.name === named));
      if (url.searchParams.get("watch") === "true") {
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
        for (const j of matching) res.write(`${JSON.stringify({ type: "ADDED", object: j.object })}\n`);
        const watcher = { key: `${ns}/${named ?? ""}`, res };
        watchers.add(watcher);
        req.on("close", () => watchers.delete(watcher));
        return;
      }
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ kind: "JobList", apiVersion: "batch/v1", metadata: { resourceVersion: String(resourceVersion) }, items: matching.map((j) => j.object) }));
    }
    m = jobPath;
    if (m) {
      const key = `${m[1]}/${m[2]}`;
      const job = jobs.get(key);
      if (!job) return status(res, 404, "NotFound", `jobs.batch "${m[2]}" not found`);
      if (req.method === "GET") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(job.object));
      if (req.method === "DELETE") {
        const body = await readBody(req).catch(() => ({}) as Record<string, unknown>);
        const policy = url.searchParams.get("propagationPolicy") ?? (body.propagationPolicy as string | undefined);
        api.deletions.push({ namespace: m[1]!, name: m[2]!, ...(policy ? { propagationPolicy: policy } : {}) });
        job.deleted = true;
        jobs.delete(key);
        for (const pod of job.pods) for (const l of pod.listeners) l();
        notify("DELETED", job);
        return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Success" }));
      }
    }
    m = podsPath;
    if (m && req.method === "GET") {
      const jobName = /^job-name=(.+)$/.exec(url.searchParams.get("labelSelector") ?? "")?.[1];
      const job = jobName ? jobs.get(`${m[1]}/${jobName}`) : undefined;
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ kind: "PodList", apiVersion: "v1", metadata: {}, items: job?.pods.map((p) => p.object) ?? [] }));
    }
    m = logPath;
    if (m && req.method === "GET") {
      const job = [...jobs.values()].find((j) => j.object.metadata.namespace === m![1] && j.pods.some((p) => p.object.metadata.name === m![2]));
      const pod = job?.pods.find((p) => p.object.metadata.name === m![2]);
      if (!job || !pod) return status(res, 404, "NotFound", `pods "${m[2]}" not found`);
      const cs = (pod.object.status.containerStatuses as { name: string; state: Record<string, { reason?: string }> }[])[0]!;
      if (url.searchParams.get("container") !== cs.name) return status(res, 400, "BadRequest", `container ${url.searchParams.get("container")} is not valid for pod ${m[2]}`);
      if (cs.state.waiting) return status(res, 400, "BadRequest", `container "${cs.name}" in pod "${m[2]}" is waiting to start: ${cs.state.waiting.reason}`);
      const since = url.searchParams.get("sinceTime");
      const withStamps = url.searchParams.get("timestamps") === "true";
      const follow = url.searchParams.get("follow") === "true";
      pod.streams += 1;
      const dropAfter = pod.streams === 1 ? (api.plan(job.object).dropFirstStreamAfter ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
      res.writeHead(200, { "content-type": "text/plain", "transfer-encoding": "chunked" });
      let sent = 0;
      const flush = () => {
        while (sent < pod.log.length) {
          const line = pod.log[sent]!;
          sent += 1;
          if (since && line.stamp.slice(0, 19) < since.slice(0, 19)) continue;
          res.write(`${withStamps ? `${line.stamp} ` : ""}${line.text}\n`);
          if (sent >= dropAfter) return true;
        }
        const state = (pod.object.status.containerStatuses as { state: Record<string, unknown> }[])[0]!.state;
        return !follow || Boolean(state.terminated) || !jobs.has(`${m![1]}/${job.object.metadata.name}`) && job.deleted;
      };
      if (flush()) return res.end();
      const listener = () => {
        if (flush() || [...jobs.values()].every((j) => !j.pods.includes(pod))) {
          pod.listeners.delete(listener);
          res.end();
        }
      };
      pod.listeners.add(listener);
      req.on("close", () => pod.listeners.delete(listener));
      return;
    }
    api.unexpected.push(`${req.method} ${url.pathname}`);
    return status(res, 404, "NotFound", `the fake API server does not serve ${req.method} ${url.pathname}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(api, {
    url,
    async writeKubeconfig(file: string, options: { context?: string; cluster?: string; user?: string } = {}) {
      const context = options.context ?? "fake";
      const cluster = options.cluster ?? `${context}-cluster`;
      const user = options.user ?? `${context}-user`;
      const text = [
        "apiVersion: v1",
        "kind: Config",
        `current-context: ${context}`,
        "clusters:",
        `- name: ${cluster}`,
        "  cluster:",
        `    server: ${url}`,
        // @kubernetes/client-node refuses plain HTTP unless TLS checks are off (as for `kubectl proxy`).
        "    insecure-skip-tls-verify: true",
        "contexts:",
        `- name: ${context}`,
        "  context:",
        `    cluster: ${cluster}`,
        `    user: ${user}`,
        "users:",
        `- name: ${user}`,
        "  user:",
        `    token: ${token}`,
        "",
      ].join("\n");
      await writeFile(file, text);
    },
    job: (namespace: string, name: string) => jobs.get(`${namespace}/${name}`)?.object,
    close: () =>
      new Promise<void>((resolve) => {
        for (const job of jobs.values()) job.deleted = true;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
