import { MlflowError } from "@sextant/protocol";
import { buildProjectImage } from "../../oci/build-project-image.js";
import { type CredentialLookup, dockerCredentials } from "../../oci/docker-credentials.js";
import { isLoopbackRegistry } from "../../oci/registry-base-url.js";
import { pushProgressPrinter } from "../../oci/push-progress.js";
import { resolveImageReference } from "../../oci/resolve-image-reference.js";
import type { ProjectBackend, ProjectBackendSettings, ProjectRunSpec, SubmittedRun } from "../../project-backend.js";
import { startProjectRun } from "../../start-project-run.js";
import { commandArgv } from "./command-argv.js";
import { dnsLabel, jobName } from "./dns-label.js";
import { followKubernetesJob } from "./follow-kubernetes-job.js";
import { checkKubernetesBackendConfig, loadKubernetesBackendConfig } from "./kubernetes-backend-config.js";
import { kubernetesJobDefinition } from "./kubernetes-job-definition.js";
import { KubernetesJobs } from "./kubernetes-jobs.js";
import { KUBERNETES_RUN_TAGS } from "./kubernetes-run-tags.js";
import { DetachedKubernetesRun, KubernetesSubmittedRun } from "./kubernetes-submitted-run.js";
import { loadKubeConfig } from "./load-kube-config.js";

/** What a background watcher started for `--detach` tells the user. */
export interface LaunchedWatcher {
  readonly pid: number;
  /** Where the watcher writes the pod log and its progress. */
  readonly logFile: string;
}

/** Options of the kubernetes backend. */
export interface KubernetesBackendOptions {
  /** Registry credentials; default: the Docker config (`dockerCredentials()`). */
  readonly credentials?: CredentialLookup;
  /** fetch for registry calls (tests count requests with it). */
  readonly fetch?: typeof fetch;
  /**
   * Starts a process, detached from the terminal, that follows run `runId` to its end
   * (the CLI starts `sextant runs wait <runId>`); needed for `--detach`.
   */
  readonly launchWatcher?: (runId: string) => Promise<LaunchedWatcher>;
  /** Poll interval while following a Job. Default 1 s. */
  readonly pollMs?: number;
  /** Folder relative template paths are looked up in first. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Clock for Job names (tests). */
  readonly now?: () => Date;
}

/**
 * The `kubernetes` backend: builds and pushes the project's image without a Docker daemon
 * (see `buildProjectImage`; skipped with `--build-image=false` or `"build-image": false`,
 * then `docker_env.image` runs as it is, pinned to its digest), creates the run (SCHEDULED,
 * tagged with the image and the Job's whereabouts), creates a Job from the template (see
 * `kubernetesJobDefinition`) in the template's namespace with the kubeconfig's credentials
 * (see `loadKubeConfig`), then follows it (see `followKubernetesJob`), or with `--detach`
 * hands it to a background watcher and returns. Backend config keys: see
 * `KUBERNETES_CONFIG_KEYS`. Throws INVALID_PARAMETER_VALUE for bad settings, a project
 * without a name or `docker_env.image`, or an invalid template (all before a run exists),
 * and the registry's or API server's errors; a run whose Job could not be created is FAILED.
 */
export class KubernetesBackend implements ProjectBackend {
  readonly name = "kubernetes";
  readonly #options: KubernetesBackendOptions;

  constructor(options: KubernetesBackendOptions = {}) {
    this.#options = options;
  }

  checkSettings(settings: ProjectBackendSettings): void {
    checkKubernetesBackendConfig(settings.backendConfig);
    if (settings.envManager !== "local") {
      throw MlflowError.invalidParameter(`The kubernetes backend runs the project in its docker_env image; --env-manager ${settings.envManager} is not supported there`);
    }
    const { project } = settings;
    if (!project.name) throw MlflowError.invalidParameter("The kubernetes backend needs a project name in MLproject (it names the image, the Job and the container)");
    if (project.env.type !== "docker" || !project.env.image) {
      throw MlflowError.invalidParameter("The kubernetes backend needs docker_env.image in MLproject: the base image the project runs in, e.g. docker_env: {image: node:20-slim}");
    }
  }

  async submit(spec: ProjectRunSpec): Promise<SubmittedRun> {
    this.checkSettings(spec);
    const project = spec.project;
    const docker = project.env.type === "docker" ? project.env : undefined;
    const projectName = project.name!;
    const config = await loadKubernetesBackendConfig(spec.backendConfig, { cwd: this.#options.cwd ?? process.cwd(), projectDir: spec.fetched.workDir });
    const kubeConfig = loadKubeConfig({ env: spec.env, ...(config.kubeContext ? { context: config.kubeContext } : {}) });
    const jobs = new KubernetesJobs(kubeConfig);
    if (spec.detach && !this.#options.launchWatcher) throw MlflowError.invalidParameter("--detach is not available here: no background watcher can be started");
    if (spec.dockerArgs.size > 0) spec.log("Note: --docker-args is ignored by the kubernetes backend (put container settings in the Job template)");
    const command = commandArgv(spec.command);

    const registry = {
      insecureRegistries: config.insecureRegistries,
      credentials: this.#options.credentials ?? dockerCredentials({ env: spec.env }),
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
    };
    const build = spec.buildImage ?? config.buildImage ?? true;
    let image: { readonly reference: string; readonly uri: string; readonly digest: string };
    if (build) {
      spec.log(`=== Building image ${config.repositoryUri} on ${docker!.image} (no Docker daemon) ===`);
      const pushed = await buildProjectImage({
        projectDir: spec.fetched.workDir,
        baseImage: docker!.image,
        repositoryUri: config.repositoryUri,
        ...(spec.git.commit ? { tag: spec.git.commit.slice(0, 7) } : {}),
        ...(config.platform ? { platform: config.platform } : {}),
        onProgress: pushProgressPrinter(spec.log),
        ...(spec.storageDir ? { tmpDir: spec.storageDir } : {}),
        ...registry,
      });
      image = { reference: pushed.reference, uri: `${pushed.repository}:${pushed.tag}`, digest: pushed.digest };
    } else {
      image = await resolveImageReference(docker!.image, registry);
      spec.log(`=== Using image ${image.reference} as it is (no build) ===`);
    }

    const trackingUri = spec.env.KUBE_MLFLOW_TRACKING_URI || spec.trackingUri;
    if (isLoopbackUri(trackingUri)) {
      spec.log(`Warning: the pod will log to ${trackingUri}, a loopback address it cannot reach; set KUBE_MLFLOW_TRACKING_URI to the tracking server's address as seen from the cluster`);
    }
    const runId = (await startProjectRun(spec, this.name, "docker")).run_id;
    const name = jobName(projectName, (this.#options.now ?? (() => new Date()))(), Number(process.hrtime.bigint() / 1000n) % 1000);
    const containerName = dnsLabel(projectName);
    try {
      await spec.tracking.updateRun(runId, { status: "SCHEDULED" });
      await spec.tracking.logBatch(runId, {
        tags: [
          { key: KUBERNETES_RUN_TAGS.imageUri, value: image.uri },
          { key: KUBERNETES_RUN_TAGS.imageId, value: image.digest },
          { key: KUBERNETES_RUN_TAGS.jobName, value: name },
          { key: KUBERNETES_RUN_TAGS.namespace, value: config.namespace },
          { key: KUBERNETES_RUN_TAGS.container, value: containerName },
          { key: KUBERNETES_RUN_TAGS.server, value: jobs.server },
          ...(config.kubeContext ? [{ key: KUBERNETES_RUN_TAGS.context, value: config.kubeContext }] : []),
        ],
      });
      const { job, missingCopies } = kubernetesJobDefinition(config.jobTemplate, {
        jobName: name,
        containerName,
        image: image.reference,
        command,
        dockerEnvironment: docker!.environment,
        hostEnv: spec.env,
        runId,
        experimentId: spec.experimentId,
        trackingUri: spec.trackingUri,
      });
      if (missingCopies.length > 0) spec.log(`Note: docker_env.environment copies ${missingCopies.join(", ")}, which ${missingCopies.length > 1 ? "are" : "is"} not set here; left out of the Job`);
      await jobs.createJob(config.namespace, job);
    } catch (error) {
      await spec.tracking.updateRun(runId, { status: "FAILED", endTime: Date.now() }).catch(() => {});
      throw error;
    }
    spec.log(`=== Created Job ${config.namespace}/${name} for run with ID '${runId}' (image ${image.reference}) ===`);
    if (spec.detach) {
      const watcher = await this.#options.launchWatcher!(runId);
      spec.log(`=== Detached: watcher process ${watcher.pid} follows Job ${config.namespace}/${name} to its end (log: ${watcher.logFile}); attach with \`sextant runs wait ${runId}\` ===`);
      spec.stdout.write(`${runId} ${config.namespace}/${name}\n`);
      return new DetachedKubernetesRun(runId, spec.experimentId);
    }
    return new KubernetesSubmittedRun(
      runId,
      spec.experimentId,
      (cancel) =>
        followKubernetesJob({
          jobs,
          namespace: config.namespace,
          jobName: name,
          containerName,
          runId,
          tracking: spec.tracking,
          stdout: spec.stdout,
          log: spec.log,
          cancel,
          ...(this.#options.pollMs ? { pollMs: this.#options.pollMs } : {}),
          ...(spec.storageDir ? { storageDir: spec.storageDir } : {}),
        }),
      spec.log,
    );
  }
}

function isLoopbackUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === "http:" || url.protocol === "https:") && isLoopbackRegistry(url.hostname.replace(/^\[|\]$/g, ""));
  } catch {
    return false;
  }
}
