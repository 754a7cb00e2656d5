import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalArtifactStore } from "./local-artifact-store.js";
import { describeArtifactStore } from "./test-support/describe-artifact-store.js";
import { failingBody, text } from "./test-support/streams.js";

describeArtifactStore("local folder", async () => {
  const root = await mkdtemp(join(tmpdir(), "sextant-local-store-"));
  return {
    store: new LocalArtifactStore(root, join(root, "artifacts")),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe("LocalArtifactStore safety", () => {
  let base: string;
  let root: string;
  let outside: string;
  let store: LocalArtifactStore;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), "sextant-local-safety-"));
    root = join(base, "artifacts");
    outside = join(base, "outside");
    await mkdir(root);
    await mkdir(outside);
    await writeFile(join(outside, "secret.txt"), "top secret");
    store = new LocalArtifactStore(root, root);
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it("refuses to read, write into or delete through a symbolic link that points outside the root", async () => {
    await symlink(outside, join(root, "escape"));
    await symlink(join(outside, "secret.txt"), join(root, "secret-link.txt"));
    await expect(store.read("escape/secret.txt")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(store.read("secret-link.txt")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(store.list("escape")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(store.write("escape/planted.txt", Readable.from(["x"]))).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
    });
    await expect(store.write("escape/new-dir/planted.txt", Readable.from(["x"]))).rejects.toMatchObject({
      code: "INVALID_PARAMETER_VALUE",
    });
    await expect(store.delete("escape/secret.txt")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    expect(await readdir(outside)).toEqual(["secret.txt"]);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("top secret");
    // The links are hidden from listings; deleting the link itself removes only the link.
    expect(await store.list()).toEqual([]);
    await store.delete("escape");
    expect(await readdir(outside)).toEqual(["secret.txt"]);
  });

  it("follows symbolic links that stay inside the root", async () => {
    await store.write("real/file.txt", Readable.from(["inside"]));
    await symlink(join(root, "real"), join(root, "alias"));
    expect(await text((await store.read("alias/file.txt")).body)).toBe("inside");
    expect(await store.list()).toEqual([
      { path: "alias", is_dir: true },
      { path: "real", is_dir: true },
    ]);
  });

  it("writes through a temporary name that never shows and is removed on failure", async () => {
    await expect(store.write("dir/upload.bin", failingBody("some bytes"))).rejects.toBeDefined();
    expect(await readdir(join(root, "dir"))).toEqual([]);
  });
});
