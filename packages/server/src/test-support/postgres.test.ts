import { describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase } from "./postgres.js";

describe("test PostgreSQL", () => {
  it("creates and drops a database", async () => {
    const db = await createTestDatabase();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const r = await c.query("select 1 + 1 as two");
    await c.end();
    await db.drop();
    expect(r.rows[0].two).toBe(2);
  });
});
