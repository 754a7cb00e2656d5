import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test-support/postgres.js";
import { expectMlflowError } from "./test-support/store-fixture.js";
import { builtinTrackingStoreRegistry, openTrackingStore, upgradeDatabase } from "./open-tracking-store.js";
import { postgresUrlFromUri } from "./sql/postgres-backend.js";
import { sqlitePathFromUri } from "./sql/sqlite-backend.js";
import type { TrackingStore } from "./tracking-store.js";
import { redactUri, uriScheme } from "./tracking-store-registry.js";

const dir = mkdtempSync(join(tmpdir(), "sextant-open-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tracking store URIs", () => {
  it("reads SQLite URIs as SQLAlchemy does", () => {
    expect(sqlitePathFromUri("sqlite:///mlruns.db", "/work")).toBe("/work/mlruns.db");
    expect(sqlitePathFromUri("sqlite:///sub/dir/x.db?timeout=5", "/work")).toBe("/work/sub/dir/x.db");
    expect(sqlitePathFromUri("sqlite:////abs/path.db", "/work")).toBe("/abs/path.db");
    expect(sqlitePathFromUri("sqlite+pysqlite:////abs/p.db", "/work")).toBe("/abs/p.db");
    expect(sqlitePathFromUri("sqlite:///:memory:", "/work")).toBe(":memory:");
    expect(sqlitePathFromUri("sqlite://", "/work")).toBe(":memory:");
    expect(() => sqlitePathFromUri("sqlite://host/x.db")).toThrow(/sqlite:\/\/\/relative/);
    expect(() => sqlitePathFromUri("sqlite:x.db")).toThrow(/Invalid SQLite URI/);
  });

  it("drops the driver from PostgreSQL URIs", () => {
    expect(postgresUrlFromUri("postgresql://u:p@h:5432/db")).toBe("postgresql://u:p@h:5432/db");
    expect(postgresUrlFromUri("postgres://u@h/db")).toBe("postgresql://u@h/db");
    expect(postgresUrlFromUri("postgresql+psycopg2://u:p@h/db?sslmode=disable")).toBe("postgresql://u:p@h/db?sslmode=disable");
  });

  it("finds schemes and hides passwords", () => {
    expect(uriScheme("postgresql+psycopg2://x")).toBe("postgresql");
    expect(uriScheme("SQLite:///x")).toBe("sqlite");
    expect(uriScheme("./mlruns")).toBeUndefined();
    expect(redactUri("postgresql://user:s3cret@host:5432/db")).toBe("postgresql://user:***@host:5432/db");
    expect(redactUri("sqlite:///x.db")).toBe("sqlite:///x.db");
  });

  it("refuses unknown schemes and plain paths with INVALID_PARAMETER_VALUE listing the known schemes", async () => {
    const options = { defaultArtifactRoot: dir };
    await expectMlflowError(openTrackingStore("mysql://u:pw@h/db", options), "INVALID_PARAMETER_VALUE", /scheme 'mysql'.*sqlite:\/\/, postgresql:\/\/, postgres:\/\//);
    await expectMlflowError(openTrackingStore("./mlruns", options), "INVALID_PARAMETER_VALUE", "known schemes are sqlite://");
    await expectMlflowError(upgradeDatabase("file:///tmp/mlruns"), "INVALID_PARAMETER_VALUE", "scheme 'file'");
  });

  it("lets a plugin backend claim a scheme exactly like the built-ins", async () => {
    const opened: string[] = [];
    const registry = builtinTrackingStoreRegistry([
      {
        schemes: ["memory"],
        async open(uri) {
          opened.push(uri);
          return { close: async () => {} } as unknown as TrackingStore;
        },
        async upgrade() {
          return ["nothing"];
        },
      },
    ]);
    expect(registry.schemes).toEqual(["sqlite", "postgresql", "postgres", "memory"]);
    await (await registry.open("memory://x", { defaultArtifactRoot: dir })).close();
    expect(opened).toEqual(["memory://x"]);
    expect(await registry.upgrade("memory://y")).toEqual(["nothing"]);
  });
});

describe("opening SQLite stores", () => {
  it("creates parent folders, migrates once and keeps one Default experiment across reopenings", async () => {
    const file = join(dir, "a", "b", "mlruns.db");
    const uri = `sqlite:///${file}`;
    expect(await upgradeDatabase(uri)).toContain("0001_tracking_schema");
    expect(existsSync(file)).toBe(true);
    expect(await upgradeDatabase(uri)).toEqual([]);
    const first = await openTrackingStore(uri, { defaultArtifactRoot: "/artifacts" });
    const created = await first.getExperiment("0");
    await first.close();
    const second = await openTrackingStore(uri, { defaultArtifactRoot: "/elsewhere" });
    expect(await second.getExperiment("0")).toEqual(created);
    expect(created.artifact_location).toBe("/artifacts/0");
    const page = await second.searchExperiments({ viewType: "ALL", filter: [], orderBy: [], maxResults: 10 });
    expect(page.items.map((e) => e.name)).toEqual(["Default"]);
    await second.close();
  });

  it("opens independent in-memory databases", async () => {
    const a = await openTrackingStore("sqlite:///:memory:", { defaultArtifactRoot: "mlflow-artifacts:/" });
    const b = await openTrackingStore("sqlite://", { defaultArtifactRoot: "mlflow-artifacts:/" });
    await a.createExperiment({ name: "only-in-a" });
    expect(await b.getExperimentByName("only-in-a")).toBeUndefined();
    expect((await a.getExperiment("0")).artifact_location).toBe("mlflow-artifacts:/0");
    await a.close();
    await b.close();
  });
});

describe("opening PostgreSQL stores", () => {
  it("accepts postgresql+psycopg2:// and postgres:// URIs, migrating once", async () => {
    const database = await createTestDatabase();
    try {
      const driverUri = database.url.replace(/^postgresql:/, "postgresql+psycopg2:");
      expect(await upgradeDatabase(driverUri)).toContain("0001_tracking_schema");
      expect(await upgradeDatabase(database.url.replace(/^postgresql:/, "postgres:"))).toEqual([]);
      const store = await openTrackingStore(driverUri, { defaultArtifactRoot: "s3://b/r" });
      expect((await store.getExperiment("0")).artifact_location).toBe("s3://b/r/0");
      expect(await store.createExperiment({ name: "first" })).toBe("1");
      await store.close();
    } finally {
      await database.drop();
    }
  });

  it("reports an unreachable server as INTERNAL_ERROR without the password", async () => {
    await expectMlflowError(
      openTrackingStore("postgresql://user:topsecret@127.0.0.1:1/db", { defaultArtifactRoot: "/a" }),
      "INTERNAL_ERROR",
      /^Cannot open tracking store postgresql:\/\/user:\*\*\*@127\.0\.0\.1:1\/db: /,
    );
  });
});
