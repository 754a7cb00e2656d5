import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ArtifactRepository } from "./artifact-repository.js";

/**
 * Artifacts in a folder this process can write directly: the run's `artifact_uri` is a
 * `file://` URI or a plain path (a server without `--serve-artifacts` on the same machine).
 */
export class LocalArtifactRepository implements ArtifactRepository {
  constructor(private readonly root: string) {}

  get location(): string {
    return this.root;
  }

  async uploadFile(localPath: string, artifactPath: string): Promise<void> {
    const target = join(this.root, artifactPath);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(localPath, target);
  }

  async uploadBytes(bytes: Uint8Array, artifactPath: string): Promise<void> {
    const target = join(this.root, artifactPath);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }

  async downloadFile(artifactPath: string, localPath: string): Promise<void> {
    await mkdir(dirname(localPath), { recursive: true });
    await copyFile(join(this.root, artifactPath), localPath);
  }
}
