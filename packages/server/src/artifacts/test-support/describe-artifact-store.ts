import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArtifactStore } from "../artifact-store.js";
import { digest, failingBody, generatedBody, text } from "./streams.js";

/** A fresh, empty store for one test, and how to throw it away. */
export interface ArtifactStoreFixture {
  readonly store: ArtifactStore;
  cleanup(): Promise<void>;
}

const body = (value: string) => Readable.from([Buffer.from(value)]);

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

/**
 * The behaviour every ArtifactStore must have, run against each implementation (local folder,
 * S3 through s3rver): listing, streamed reads and writes, atomic writes under failure,
 * deletes of files and prefixes, and multipart uploads where the store offers them.
 */
export function describeArtifactStore(name: string, factory: () => Promise<ArtifactStoreFixture>): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let fixture: ArtifactStoreFixture;
    let store: ArtifactStore;
    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it("lists an empty root, a missing folder and a file path as empty", async () => {
      expect(await store.list()).toEqual([]);
      expect(await store.list("nowhere/deeper")).toEqual([]);
      await store.write("file.txt", body("x"));
      expect(await store.list("file.txt")).toEqual([]);
    });

    it("writes, lists and reads back files of 0 bytes and more, in nested folders", async () => {
      await store.write("empty.bin", Readable.from([]), { size: 0 });
      await store.write("a/b/c.txt", body("hello"), { size: 5 });
      await store.write("a/top.json", body('{"k":1}'));
      expect(await store.list()).toEqual([
        { path: "a", is_dir: true },
        { path: "empty.bin", is_dir: false, file_size: 0 },
      ]);
      expect(await store.list("a")).toEqual([
        { path: "a/b", is_dir: true },
        { path: "a/top.json", is_dir: false, file_size: 7 },
      ]);
      expect(await store.list("a/b")).toEqual([{ path: "a/b/c.txt", is_dir: false, file_size: 5 }]);
      const read = await store.read("a/b/c.txt");
      expect(read.size).toBe(5);
      expect(await text(read.body)).toBe("hello");
      const empty = await store.read("empty.bin");
      expect(empty.size).toBe(0);
      expect(await text(empty.body)).toBe("");
    });

    it("keeps names with spaces and unicode", async () => {
      const path = "dir with space/ünïcødé 文件 (1).txt";
      await store.write(path, body("ü"));
      expect(await store.list("dir with space")).toEqual([{ path, is_dir: false, file_size: 2 }]);
      expect(await text((await store.read(path)).body)).toBe("ü");
    });

    it("replaces a file on overwrite", async () => {
      await store.write("model/MLmodel", body("first version"));
      await store.write("model/MLmodel", body("second"));
      expect(await text((await store.read("model/MLmodel")).body)).toBe("second");
      expect(await store.list("model")).toEqual([{ path: "model/MLmodel", is_dir: false, file_size: 6 }]);
    });

    it("answers RESOURCE_DOES_NOT_EXIST for a missing file or a folder", async () => {
      await store.write("dir/x.txt", body("x"));
      await expectCode(store.read("missing.txt"), "RESOURCE_DOES_NOT_EXIST");
      await expectCode(store.read("dir"), "RESOURCE_DOES_NOT_EXIST");
    });

    it("leaves nothing behind when the body fails mid-way, and keeps the previous content", async () => {
      await expect(store.write("broken/new.bin", failingBody("partial bytes"))).rejects.toBeDefined();
      expect(await store.list("broken")).toEqual([]);
      await expectCode(store.read("broken/new.bin"), "RESOURCE_DOES_NOT_EXIST");
      await store.write("kept.txt", body("old"));
      await expect(store.write("kept.txt", failingBody("new but broken"))).rejects.toBeDefined();
      expect(await text((await store.read("kept.txt")).body)).toBe("old");
    });

    it("refuses a body shorter or longer than its declared size", async () => {
      await expectCode(store.write("short.bin", body("12345"), { size: 10 }), "INVALID_PARAMETER_VALUE");
      await expectCode(store.write("long.bin", body("12345"), { size: 2 }), "INVALID_PARAMETER_VALUE");
      expect(await store.list()).toEqual([]);
    });

    it("deletes a file, a folder with everything under it, and ignores missing paths", async () => {
      await store.write("a/b/one.txt", body("1"));
      await store.write("a/b/sub/two.txt", body("2"));
      await store.write("a/bc.txt", body("sibling"));
      await store.write("a/keep.txt", body("k"));
      await store.delete("a/keep.txt");
      await store.delete("a/b");
      await store.delete("never/was");
      expect(await store.list("a")).toEqual([{ path: "a/bc.txt", is_dir: false, file_size: 7 }]);
    });

    it("streams a 24 MiB body in and out unchanged", async () => {
      const size = 24 * 1024 * 1024;
      const expected = await digest(generatedBody(size, 7));
      await store.write("big/blob.bin", generatedBody(size, 7), { size });
      const read = await store.read("big/blob.bin");
      expect(read.size).toBe(size);
      expect(await digest(read.body)).toEqual(expected);
    });

    it("completes and aborts client-driven multipart uploads, when the store offers them", async () => {
      const multipart = store.multipart;
      if (!multipart) {
        expect(store.multipart).toBeUndefined();
        return;
      }
      const partSize = 5 * 1024 * 1024;
      const parts = [Buffer.alloc(partSize, 1), Buffer.from("tail")];
      const created = await multipart.create("mpu/data.bin", parts.length);
      expect(created.credentials.map((c) => c.part_number)).toEqual([1, 2]);
      const uploaded = [];
      for (const [index, credential] of created.credentials.entries()) {
        const response = await fetch(credential.url, { method: "PUT", body: new Uint8Array(parts[index]!) });
        expect(response.status).toBe(200);
        uploaded.push({ part_number: credential.part_number, etag: response.headers.get("etag") ?? "" });
      }
      await expectCode(store.read("mpu/data.bin"), "RESOURCE_DOES_NOT_EXIST");
      await multipart.complete("mpu/data.bin", created.upload_id, uploaded.reverse());
      const read = await store.read("mpu/data.bin");
      expect(read.size).toBe(partSize + 4);
      expect(await digest(read.body)).toEqual(await digest(Readable.from(parts)));

      const aborted = await multipart.create("mpu/aborted.bin", 1);
      await fetch(aborted.credentials[0]!.url, { method: "PUT", body: "never completed" });
      await multipart.abort("mpu/aborted.bin", aborted.upload_id);
      await expect(
        multipart.complete("mpu/aborted.bin", aborted.upload_id, [{ part_number: 1, etag: "x" }]),
      ).rejects.toBeDefined();
      expect(await store.list("mpu")).toEqual([{ path: "mpu/data.bin", is_dir: false, file_size: partSize + 4 }]);
      await expectCode(multipart.create("mpu/too-many.bin", 10_001), "INVALID_PARAMETER_VALUE");
    });
  });
}
