import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the recording server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** The reply a handler chooses: status and JSON-able body (or raw text). */
export interface Reply {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
}

/**
 * A local HTTP server that records every request and answers with `handler`'s reply
 * (default `200 {}`), for testing the SDK's wire behaviour without a tracking server.
 */
export async function startRecordingServer(
  handler: (request: RecordedRequest, index: number) => Reply | Promise<Reply> = () => ({}),
): Promise<{ url: string; requests: RecordedRequest[]; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, requests.length - 1)).then(
        (reply) => {
          const text = reply.text ?? JSON.stringify(reply.json ?? {});
          res.writeHead(reply.status ?? 200, {
            "Content-Type": reply.text !== undefined ? "text/plain" : "application/json",
          });
          res.end(text);
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
