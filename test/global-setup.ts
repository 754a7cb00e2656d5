import { type PostgresCluster, startPostgresCluster } from "./postgres-cluster.js";

/**
 * Vitest global setup: makes a PostgreSQL server available to every test file through
 * SEXTANT_TEST_POSTGRES_URL. `.ci/run` starts one and exports the URL; a developer who has
 * not gets a throwaway cluster started here from Debian's binaries. Tests never skip
 * PostgreSQL: if neither works, the run fails.
 */
let cluster: PostgresCluster | undefined;

export async function setup(): Promise<void> {
  if (!process.env.SEXTANT_TEST_POSTGRES_URL) {
    cluster = await startPostgresCluster();
    process.env.SEXTANT_TEST_POSTGRES_URL = cluster.url;
  }
}

export async function teardown(): Promise<void> {
  cluster?.stop();
}
