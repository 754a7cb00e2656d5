import { type CreateTableBuilder, type Kysely, type Migration, sql } from "kysely";
import type { SqlDialectName } from "./sql-session.js";

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/**
 * The tracking schema's migrations, in order. Designed for the hot paths: metric history keyed
 * (run, key, timestamp, step, value, is_nan) so exact duplicates are stored once and get-history
 * is an ordered index range; one latest_metrics row per (run, key) so search and run listing
 * never scan history; runs carry an integer surrogate key so child rows stay small.
 * Experiment "0" is created at open time (the default artifact root is not known here).
 */
export function trackingMigrations(dialect: SqlDialectName): Record<string, Migration> {
  const sqlite = dialect === "sqlite";
  /** Clustered storage on SQLite for tables only ever read by their primary key prefix. */
  const clustered = (t: Table): Table => (sqlite ? t.modifyEnd(sql`without rowid`) : t);

  return {
    "0001_tracking_schema": {
      async up(db: Db): Promise<void> {
        await db.schema
          .createTable("experiments")
          .addColumn("experiment_id", sqlite ? "integer" : "serial", (c) =>
            sqlite ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn("name", "text", (c) => c.notNull().unique())
          .addColumn("artifact_location", "text", (c) => c.notNull())
          .addColumn("lifecycle_stage", "text", (c) => c.notNull())
          .addColumn("creation_time", "bigint", (c) => c.notNull())
          .addColumn("last_update_time", "bigint", (c) => c.notNull())
          .execute();

        await clustered(
          db.schema
            .createTable("experiment_tags")
            .addColumn("experiment_id", "integer", (c) =>
              c.notNull().references("experiments.experiment_id").onDelete("cascade"),
            )
            .addColumn("key", "text", (c) => c.notNull())
            .addColumn("value", "text", (c) => c.notNull())
            .addPrimaryKeyConstraint("experiment_tags_pk", ["experiment_id", "key"]),
        ).execute();

        await db.schema
          .createTable("runs")
          .addColumn("id", sqlite ? "integer" : "bigserial", (c) => c.primaryKey())
          .addColumn("run_uuid", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("experiment_id", "integer", (c) =>
            c.notNull().references("experiments.experiment_id").onDelete("cascade"),
          )
          .addColumn("user_id", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("start_time", "bigint", (c) => c.notNull())
          .addColumn("end_time", "bigint")
          .addColumn("lifecycle_stage", "text", (c) => c.notNull())
          .addColumn("artifact_uri", "text", (c) => c.notNull())
          .addColumn("deleted_time", "bigint")
          .execute();
        // Default search order within an experiment: start_time DESC, run_uuid.
        await db.schema
          .createIndex("runs_experiment_start_idx")
          .on("runs")
          .columns(["experiment_id", "start_time desc", "run_uuid"])
          .execute();

        for (const name of ["params", "tags"]) {
          await clustered(
            db.schema
              .createTable(name)
              .addColumn("run_id", "bigint", (c) => c.notNull().references("runs.id").onDelete("cascade"))
              .addColumn("key", "text", (c) => c.notNull())
              .addColumn("value", "text", (c) => c.notNull())
              .addPrimaryKeyConstraint(`${name}_pk`, ["run_id", "key"]),
          ).execute();
          // Lets the planner start from the filter when `params.x = 'v'` is selective.
          await db.schema.createIndex(`${name}_key_value_idx`).on(name).columns(["key", "value"]).execute();
        }

        await clustered(
          db.schema
            .createTable("metrics")
            .addColumn("run_id", "bigint", (c) => c.notNull().references("runs.id").onDelete("cascade"))
            .addColumn("key", "text", (c) => c.notNull())
            .addColumn("timestamp", "bigint", (c) => c.notNull())
            .addColumn("step", "bigint", (c) => c.notNull())
            .addColumn("value", "double precision", (c) => c.notNull())
            .addColumn("is_nan", "smallint", (c) => c.notNull())
            // History order (MLflow: timestamp, step, value) and exact-duplicate elimination.
            .addPrimaryKeyConstraint("metrics_pk", ["run_id", "key", "timestamp", "step", "value", "is_nan"]),
        ).execute();

        await clustered(
          db.schema
            .createTable("latest_metrics")
            .addColumn("run_id", "bigint", (c) => c.notNull().references("runs.id").onDelete("cascade"))
            .addColumn("key", "text", (c) => c.notNull())
            .addColumn("timestamp", "bigint", (c) => c.notNull())
            .addColumn("step", "bigint", (c) => c.notNull())
            .addColumn("value", "double precision", (c) => c.notNull())
            .addColumn("is_nan", "smallint", (c) => c.notNull())
            .addPrimaryKeyConstraint("latest_metrics_pk", ["run_id", "key"]),
        ).execute();

        await db.schema
          .createTable("datasets")
          .addColumn("dataset_uuid", "text", (c) => c.primaryKey())
          .addColumn("experiment_id", "integer", (c) =>
            c.notNull().references("experiments.experiment_id").onDelete("cascade"),
          )
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("digest", "text", (c) => c.notNull())
          .addColumn("dataset_source_type", "text", (c) => c.notNull())
          .addColumn("dataset_source", "text", (c) => c.notNull())
          .addColumn("dataset_schema", "text")
          .addColumn("dataset_profile", "text")
          .addUniqueConstraint("datasets_experiment_name_digest_uq", ["experiment_id", "name", "digest"])
          .execute();

        await db.schema
          .createTable("inputs")
          .addColumn("input_uuid", "text", (c) => c.primaryKey())
          .addColumn("source_type", "text", (c) => c.notNull())
          .addColumn("source_id", "text", (c) => c.notNull())
          .addColumn("destination_type", "text", (c) => c.notNull())
          .addColumn("destination_id", "text", (c) => c.notNull())
          .addUniqueConstraint("inputs_edge_uq", ["source_type", "source_id", "destination_type", "destination_id"])
          .execute();
        await db.schema
          .createIndex("inputs_destination_idx")
          .on("inputs")
          .columns(["destination_type", "destination_id"])
          .execute();

        await clustered(
          db.schema
            .createTable("input_tags")
            .addColumn("input_uuid", "text", (c) => c.notNull().references("inputs.input_uuid").onDelete("cascade"))
            .addColumn("name", "text", (c) => c.notNull())
            .addColumn("value", "text", (c) => c.notNull())
            .addPrimaryKeyConstraint("input_tags_pk", ["input_uuid", "name"]),
        ).execute();
      },
    },
  };
}
