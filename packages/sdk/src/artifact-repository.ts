/**
 * Where a run's artifact bytes go. Listing goes through the tracking server's
 * `artifacts/list` endpoint; a repository only moves bytes.
 */
export interface ArtifactRepository {
  /** Human-readable location, for messages. */
  readonly location: string;
  /** Copies a local file to `artifactPath` (relative, normalised, including the file name). */
  uploadFile(localPath: string, artifactPath: string): Promise<void>;
  /** Writes `bytes` to `artifactPath`. */
  uploadBytes(bytes: Uint8Array, artifactPath: string): Promise<void>;
  /** Copies the artifact at `artifactPath` to the local file `localPath` (parents created). */
  downloadFile(artifactPath: string, localPath: string): Promise<void>;
}
