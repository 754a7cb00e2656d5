import { createServer } from "node:net";
import { MlflowError } from "@sextant/protocol";

/**
 * A TCP port that is free on `host` now: the OS picks one for a throwaway listener, which is
 * closed again. Workers forked for `--port 0` all listen on this one port, so the URL the
 * primary prints stays right even after every worker has been replaced. Throws
 * INVALID_PARAMETER_VALUE when `host` cannot be listened on (not an address of this machine).
 */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        MlflowError.invalidParameter(
          `Cannot listen on ${host} (${error.code ?? error.message}): check --host (an address of this machine, e.g. 127.0.0.1 or 0.0.0.0).`,
        ),
      );
    });
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
