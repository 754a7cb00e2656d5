import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { MlflowError } from "@sextant/protocol";

/** File time written into every entry: 1970-01-01T00:00:01Z, as Jib does, for reproducible layers. */
export const TAR_FIXED_MTIME = 1;

const BLOCK = 512;

/**
 * Writes a POSIX tar stream (ustar headers, PAX records for long or non-ASCII names) into
 * `out` with fixed owner (0:0, no user or group names) and fixed modification time, so the
 * same entries in the same order always give the same bytes. The caller chooses the order.
 * Respects back-pressure. Throws INTERNAL_ERROR when a file's content is not the size
 * announced (it changed while being archived).
 */
export class TarWriter {
  readonly #out: Writable;
  #bytes = 0;

  constructor(out: Writable) {
    this.#out = out;
  }

  /** Bytes written so far (uncompressed). */
  get size(): number {
    return this.#bytes;
  }

  /** Adds a directory entry; `path` has no leading slash and gets a trailing one. */
  async addDirectory(path: string, mode = 0o755): Promise<void> {
    await this.#header(path.endsWith("/") ? path : `${path}/`, "5", mode, 0, "");
  }

  /** Adds a symbolic link pointing at `target`. */
  async addSymlink(path: string, target: string): Promise<void> {
    await this.#header(path, "2", 0o777, 0, target);
  }

  /** Adds a regular file of `size` bytes whose content comes from `content`. */
  async addFile(path: string, mode: number, size: number, content: Readable | Uint8Array): Promise<void> {
    await this.#header(path, "0", mode, size, "");
    let written = 0;
    if (content instanceof Uint8Array) {
      await this.#write(content);
      written = content.length;
    } else {
      for await (const chunk of content) {
        const bytes = chunk as Uint8Array;
        if (written + bytes.length > size) {
          written += bytes.length;
          break;
        }
        await this.#write(bytes);
        written += bytes.length;
      }
      content.destroy();
    }
    if (written !== size) {
      throw new MlflowError("INTERNAL_ERROR", `File ${path} changed while it was being added to the image layer (expected ${size} bytes, read ${written}); run again`);
    }
    await this.#pad(size);
  }

  /** Writes the two zero blocks that end an archive. Does not end `out`. */
  async finish(): Promise<void> {
    await this.#write(new Uint8Array(BLOCK * 2));
  }

  async #header(path: string, type: string, mode: number, size: number, linkTarget: string): Promise<void> {
    if (size > 0o77777777777) throw MlflowError.invalidParameter(`File ${path} is larger than 8 GiB, which an image layer entry cannot hold`);
    const pax: string[] = [];
    const split = splitName(path);
    if (!split) pax.push(paxRecord("path", path));
    if (Buffer.byteLength(linkTarget) > 100 || !isAscii(linkTarget)) pax.push(paxRecord("linkpath", linkTarget));
    if (pax.length > 0) {
      const body = Buffer.from(pax.join(""), "utf8");
      const base = path.replace(/\/$/, "").split("/").pop() ?? "entry";
      await this.#write(header(`PaxHeaders/${asciiName(base)}`.slice(0, 100), "", "x", 0o644, body.length, ""));
      await this.#write(body);
      await this.#pad(body.length);
    }
    const name = split ?? { prefix: "", name: asciiName(path).slice(-100) };
    await this.#write(header(name.name, name.prefix, type, mode, size, isAscii(linkTarget) && linkTarget.length <= 100 ? linkTarget : ""));
  }

  async #pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest !== 0) await this.#write(new Uint8Array(BLOCK - rest));
  }

  async #write(bytes: Uint8Array): Promise<void> {
    this.#bytes += bytes.length;
    if (!this.#out.write(bytes)) await once(this.#out, "drain");
  }
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

function asciiName(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "_");
}

/** Splits a path into ustar's prefix (<= 155) and name (<= 100), or undefined if it cannot. */
function splitName(path: string): { prefix: string; name: string } | undefined {
  if (!isAscii(path)) return undefined;
  if (path.length <= 100) return { prefix: "", name: path };
  const trailing = path.endsWith("/");
  const body = trailing ? path.slice(0, -1) : path;
  for (let i = body.indexOf("/"); i >= 0; i = body.indexOf("/", i + 1)) {
    const prefix = body.slice(0, i);
    const name = body.slice(i + 1) + (trailing ? "/" : "");
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { prefix, name };
  }
  return undefined;
}

function paxRecord(key: string, value: string): string {
  const content = ` ${key}=${value}\n`;
  const contentBytes = Buffer.byteLength(content);
  let digits = String(contentBytes).length;
  while (String(contentBytes + digits).length > digits) digits += 1;
  return `${contentBytes + digits}${content}`;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0");
}

function header(name: string, prefix: string, type: string, mode: number, size: number, linkName: string): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, "utf8");
  block.write(octal(mode & 0o7777, 8), 100, 7, "ascii");
  block.write(octal(0, 8), 108, 7, "ascii");
  block.write(octal(0, 8), 116, 7, "ascii");
  block.write(octal(size, 12), 124, 11, "ascii");
  block.write(octal(TAR_FIXED_MTIME, 12), 136, 11, "ascii");
  block.write("        ", 148, 8, "ascii");
  block.write(type, 156, 1, "ascii");
  block.write(linkName, 157, 100, "utf8");
  block.write("ustar\u000000", 257, 8, "binary");
  block.write(octal(0, 8), 329, 7, "ascii");
  block.write(octal(0, 8), 337, 7, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${octal(sum, 7)}\u0000 `, 148, 8, "binary");
  return block;
}
