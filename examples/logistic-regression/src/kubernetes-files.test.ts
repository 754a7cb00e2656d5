import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const file = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

describe("Kubernetes files of the example", () => {
  it("names the job template and an image repository, as the kubernetes backend expects", async () => {
    const config = JSON.parse(await readFile(file("kubernetes_config.json"), "utf8"));
    expect(Object.keys(config).sort()).toEqual(["kube-job-template-path", "repository-uri"]);
    await expect(readFile(file(config["kube-job-template-path"]), "utf8")).resolves.toContain("kind: Job");
  });

  it("is a Job that never retries, has resources, and reads AWS keys from a Secret", async () => {
    const job = parse(await readFile(file("kubernetes_job_template.yaml"), "utf8"));
    expect(job).toMatchObject({ apiVersion: "batch/v1", kind: "Job", metadata: { namespace: "mlflow" }, spec: { backoffLimit: 0 } });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe("Never");
    const [container] = pod.containers;
    expect(container.resources).toMatchObject({ requests: { cpu: "500m", memory: "256Mi" }, limits: { memory: "512Mi" } });
    const secretKeys = container.env.map((e: { name: string; valueFrom?: { secretKeyRef?: { key: string } } }) => [e.name, e.valueFrom?.secretKeyRef?.key]);
    expect(secretKeys).toEqual([
      ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"],
      ["AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"],
    ]);
  });
});
