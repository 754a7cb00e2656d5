import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "./sqlite-database.js";

const dir = mkdtempSync(join(tmpdir(), "sextant-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openSqliteDatabase", () => {
  it("creates the parent folder and tunes the connection (WAL, NORMAL sync, busy timeout, foreign keys)", async () => {
    const file = join(dir, "x", "y", "t.db");
    const db = openSqliteDatabase(file);
    expect(existsSync(file)).toBe(true);
    const pragma = async (name: string) => (await db.rows(`PRAGMA ${name}`))[0]?.[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("synchronous")).toBe(1);
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("busy_timeout")).toBeGreaterThanOrEqual(5000);
    await db.close();
  });

  it("rolls back a failed transaction and keeps other work out of an open one", async () => {
    const db = openSqliteDatabase(":memory:");
    await db.run("CREATE TABLE t (v INTEGER PRIMARY KEY)");
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const failing = db.transaction(async (s) => {
      await s.run("INSERT INTO t VALUES (1)");
      await gate;
      throw new Error("boom");
    });
    // This read waits for the transaction instead of seeing its uncommitted row.
    const read = db.all<{ n: number }>("SELECT count(*) AS n FROM t");
    release();
    await expect(failing).rejects.toThrow("boom");
    expect((await read)[0]?.n).toBe(0);
    await db.close();
  });

  it("shares one commit between grouped transactions, each atomic on its own", async () => {
    const db = openSqliteDatabase(join(dir, "group.db"));
    await db.run("CREATE TABLE t (v INTEGER PRIMARY KEY)");
    const results = await Promise.allSettled([
      db.groupedTransaction(async (s) => s.run("INSERT INTO t VALUES (1)")),
      db.groupedTransaction(async (s) => {
        await s.run("INSERT INTO t VALUES (2)");
        await s.run("INSERT INTO t VALUES (1)"); // duplicate: this piece alone fails
      }),
      db.groupedTransaction(async (s) => s.run("INSERT INTO t VALUES (3)")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await db.rows("SELECT v FROM t ORDER BY v")).toEqual([[1], [3]]);
    await db.close();
  });

  it("waits for another process holding the write lock instead of failing", async () => {
    const file = join(dir, "shared.db");
    const db = openSqliteDatabase(file);
    await db.run("CREATE TABLE t (v INTEGER)");
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const child = spawn(
      process.execPath,
      [
        "-e",
        `const D = require(${JSON.stringify(driver)}); const db = new D(${JSON.stringify(file)});
         db.exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)"); process.stdout.write("locked\\n");
         setTimeout(() => { db.exec("COMMIT"); db.close(); }, 400);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
      child.on("error", reject);
    });
    const started = Date.now();
    await db.transaction(async (s) => s.run("INSERT INTO t VALUES (2)"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(await db.rows("SELECT v FROM t ORDER BY v")).toEqual([[1], [2]]);
    await new Promise((r) => child.on("exit", r));
    await db.close();
  });
});
