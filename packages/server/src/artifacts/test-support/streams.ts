import { createHash } from "node:crypto";
import { Readable } from "node:stream";

/** A stream of `size` pseudo-random bytes made on the fly (never held whole), 1 MiB at a time. */
export function generatedBody(size: number, seed = 1): Readable {
  let sent = 0;
  let state = seed >>> 0 || 1;
  const block = Buffer.alloc(1024 * 1024);
  return new Readable({
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const length = Math.min(block.length, size - sent);
      for (let i = 0; i < length; i += 4) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        block.writeUInt32LE(state >>> 0, i);
      }
      sent += length;
      this.push(Buffer.from(block.subarray(0, length)));
    },
  });
}

/** SHA-256 (hex) and byte count of everything a stream yields. */
export async function digest(stream: AsyncIterable<Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Everything a stream yields, as a UTF-8 string (small bodies only). */
export async function text(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** A stream that yields `prefix` and then fails, like a client that drops mid-upload. */
export function failingBody(prefix: string): Readable {
  let step = 0;
  return new Readable({
    read() {
      if (step++ === 0) this.push(Buffer.from(prefix));
      else this.destroy(new Error("client went away"));
    },
  });
}
