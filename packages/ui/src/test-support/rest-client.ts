/**
 * A tiny REST client for tests and benchmarks: logs data into a real server through
 * MLflow's `/api/2.0` endpoints exactly as an MLflow client would.
 */
export class RestClient {
  constructor(readonly baseUrl: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/2.0/mlflow/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async createExperiment(name: string): Promise<string> {
    return (await this.call<{ experiment_id: string }>("POST", "experiments/create", { name })).experiment_id;
  }

  async createRun(experimentId: string, runName: string, startTime = Date.now(), tags: Record<string, string> = {}): Promise<string> {
    const res = await this.call<{ run: { info: { run_id: string } } }>("POST", "runs/create", {
      experiment_id: experimentId,
      run_name: runName,
      start_time: startTime,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    return res.run.info.run_id;
  }

  async logBatch(
    runId: string,
    batch: { metrics?: { key: string; value: number; step: number; timestamp: number }[]; params?: { key: string; value: string }[]; tags?: { key: string; value: string }[] },
  ): Promise<void> {
    await this.call("POST", "runs/log-batch", { run_id: runId, metrics: batch.metrics ?? [], params: batch.params ?? [], tags: batch.tags ?? [] });
  }

  async endRun(runId: string, status = "FINISHED", endTime = Date.now()): Promise<void> {
    await this.call("POST", "runs/update", { run_id: runId, status, end_time: endTime });
  }

  /** Uploads one run artifact through the artifact proxy (`mlflow-artifacts:` URIs). */
  async putArtifact(artifactUri: string, path: string, body: Uint8Array | string): Promise<void> {
    const m = /^mlflow-artifacts:\/(.*)$/.exec(artifactUri);
    if (!m) throw new Error(`expected a proxied artifact URI, got ${artifactUri}`);
    const res = await fetch(`${this.baseUrl}/api/2.0/mlflow-artifacts/artifacts/${m[1]?.replace(/^\/+/, "")}/${path}`, {
      method: "PUT",
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
    if (!res.ok) throw new Error(`PUT artifact ${path} -> ${res.status}: ${await res.text()}`);
  }
}
