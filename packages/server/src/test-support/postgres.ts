import { randomBytes } from "node:crypto";
import pg from "pg";

/** URL of the PostgreSQL server for tests (set by test/global-setup.ts or .ci/run). */
export function testPostgresUrl(): string {
  const url = process.env.SEXTANT_TEST_POSTGRES_URL;
  if (!url) throw new Error("SEXTANT_TEST_POSTGRES_URL is not set: run tests through `npm test` (vitest global setup starts PostgreSQL)");
  return url;
}

/** Creates a fresh, uniquely named database and returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = testPostgresUrl();
  const name = `sextant_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
