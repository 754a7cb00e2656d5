import { createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A file that records a process's stdout and stderr merged, in the order the chunks arrive,
 * under the name `stdout.txt` in a private temporary folder (so it can be uploaded as the
 * artifact `logs/stdout.txt`).
 */
export class OutputLog {
  readonly path: string;
  readonly #dir: string;
  readonly #stream: WriteStream;
  #closed: Promise<void> | undefined;

  private constructor(dir: string) {
    this.#dir = dir;
    this.path = join(dir, "stdout.txt");
    this.#stream = createWriteStream(this.path);
    // Errors surface in close(); a full disk must not crash the run being watched.
    this.#stream.on("error", () => {});
  }

  /** Creates the log in a new temporary folder under `parent` (default: the OS temp folder). */
  static async create(parent?: string): Promise<OutputLog> {
    return new OutputLog(await mkdtemp(join(parent ?? tmpdir(), "sextant-run-")));
  }

  /** Appends a chunk of output. */
  write(chunk: Buffer | string): void {
    if (!this.#closed) this.#stream.write(chunk);
  }

  /** Flushes and closes the file; rejects if it could not be written. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve, reject) => {
      this.#stream.once("error", reject);
      this.#stream.end(() => resolve());
    });
    return this.#closed;
  }

  /** Deletes the file and its folder. */
  async remove(): Promise<void> {
    await this.close().catch(() => {});
    await rm(this.#dir, { recursive: true, force: true });
  }
}
