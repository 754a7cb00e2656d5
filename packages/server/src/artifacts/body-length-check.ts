import { Transform } from "node:stream";
import { MlflowError } from "@sextant/protocol";

/**
 * A pass-through stream that counts bytes and fails (INVALID_PARAMETER_VALUE) when the body
 * carries more or fewer than `expected` bytes, so a truncated upload is never committed.
 * With `expected` undefined it only counts; `bytes` tells how many went through.
 */
export class BodyLengthCheck extends Transform {
  bytes = 0;

  constructor(private readonly expected: number | undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    if (this.expected !== undefined && this.bytes > this.expected) {
      callback(MlflowError.invalidParameter(`Request body is longer than its declared ${this.expected} bytes.`));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: (error?: Error | null) => void): void {
    if (this.expected !== undefined && this.bytes !== this.expected) {
      callback(
        MlflowError.invalidParameter(`Request body ended after ${this.bytes} of its declared ${this.expected} bytes.`),
      );
      return;
    }
    callback();
  }
}
