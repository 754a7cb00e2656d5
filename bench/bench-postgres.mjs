// A fresh PostgreSQL database for bench/tracking.mjs, and how to throw it away.
//
// With SEXTANT_TEST_POSTGRES_URL (or --postgres-admin-url) set, a new database is created on
// that server. Otherwise a throwaway cluster is started from Debian's binaries
// (/usr/lib/postgresql/<v>/bin, `apt-get install -y postgresql`) on a free loopback port, with
// PostgreSQL's durable defaults (fsync and synchronous_commit on), as the postgres user when
// run as root (initdb refuses root).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

function binDir() {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, "bin", "initdb"))) return join(root, v, "bin");
  throw new Error("No PostgreSQL server binaries under /usr/lib/postgresql: `apt-get install -y postgresql`, or set SEXTANT_TEST_POSTGRES_URL.");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startCluster() {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "sextant-bench-pg-"));
  chmodSync(dir, 0o777);
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) => {
    const full = join(bin, cmd);
    const res = asRoot ? spawnSync("runuser", ["-u", "postgres", "--", full, ...args], { encoding: "utf8" }) : spawnSync(full, args, { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr || res.stdout}`);
  };
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"]);
  const port = await freePort();
  run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, "start"]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Returns `{ url, note, drop() }` for a new, empty database. */
export async function benchPostgres(adminUrl = process.env.SEXTANT_TEST_POSTGRES_URL) {
  const cluster = adminUrl ? undefined : await startCluster();
  const admin = adminUrl ?? cluster.url;
  const name = `sextant_bench_${randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  let settings;
  try {
    await client.query(`CREATE DATABASE ${name}`);
    const { rows } = await client.query(
      "SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync",
    );
    settings = rows[0];
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    note: `PostgreSQL ${settings.version} (${cluster ? "throwaway cluster" : "existing server"}, fsync=${settings.fsync}, synchronous_commit=${settings.sync})`,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      cluster?.stop();
    },
  };
}
