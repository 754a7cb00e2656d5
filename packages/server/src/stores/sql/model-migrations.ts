import type { Kysely, Migration } from "kysely";
import type { SqlDialectName } from "./sql-session.js";

type Db = Kysely<unknown>;

/**
 * Migrations of the model registry and of MLflow 3.x logged models, appended to the tracking
 * migration list (they share its database and its `sextant_migrations` table, as MLflow's
 * registry shares the tracking database by default). Registered models carry an integer
 * surrogate key so a rename touches one row; model versions are soft-deleted (stage
 * `Deleted_Internal`, as MLflow does) so a version number is never handed out twice.
 */
export function modelMigrations(dialect: SqlDialectName): Record<string, Migration> {
  const sqlite = dialect === "sqlite";
  const serial = sqlite ? "integer" : "serial";
  return {
    "0002_model_registry": {
      async up(db: Db): Promise<void> {
        await db.schema
          .createTable("registered_models")
          .addColumn("id", serial, (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn("name", "text", (c) => c.notNull().unique())
          .addColumn("creation_time", "bigint", (c) => c.notNull())
          .addColumn("last_updated_time", "bigint", (c) => c.notNull())
          .addColumn("description", "text")
          .addColumn("user_id", "text")
          .execute();
        await db.schema.createIndex("registered_models_updated_idx").on("registered_models").column("last_updated_time").execute();

        await db.schema
          .createTable("registered_model_tags")
          .addColumn("model_ref", "integer", (c) => c.notNull().references("registered_models.id").onDelete("cascade"))
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("value", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("registered_model_tags_pk", ["model_ref", "key"])
          .execute();

        await db.schema
          .createTable("model_versions")
          .addColumn("model_ref", "integer", (c) => c.notNull().references("registered_models.id").onDelete("cascade"))
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("creation_time", "bigint", (c) => c.notNull())
          .addColumn("last_updated_time", "bigint", (c) => c.notNull())
          .addColumn("description", "text")
          .addColumn("user_id", "text")
          .addColumn("current_stage", "text", (c) => c.notNull())
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("storage_location", "text")
          .addColumn("run_id", "text")
          .addColumn("run_link", "text")
          .addColumn("model_id", "text")
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("status_message", "text")
          .addPrimaryKeyConstraint("model_versions_pk", ["model_ref", "version"])
          .execute();
        await db.schema.createIndex("model_versions_run_idx").on("model_versions").column("run_id").execute();
        await db.schema.createIndex("model_versions_updated_idx").on("model_versions").column("last_updated_time").execute();

        await db.schema
          .createTable("model_version_tags")
          .addColumn("model_ref", "integer", (c) => c.notNull())
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("value", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("model_version_tags_pk", ["model_ref", "version", "key"])
          .addForeignKeyConstraint("model_version_tags_fk", ["model_ref", "version"], "model_versions", ["model_ref", "version"], (c) =>
            c.onDelete("cascade"),
          )
          .execute();

        await db.schema
          .createTable("registered_model_aliases")
          .addColumn("model_ref", "integer", (c) => c.notNull().references("registered_models.id").onDelete("cascade"))
          .addColumn("alias", "text", (c) => c.notNull())
          .addColumn("version", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("registered_model_aliases_pk", ["model_ref", "alias"])
          .execute();

        await db.schema
          .createTable("logged_models")
          .addColumn("model_id", "text", (c) => c.primaryKey())
          .addColumn("experiment_id", "integer", (c) =>
            c.notNull().references("experiments.experiment_id").onDelete("cascade"),
          )
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("artifact_location", "text", (c) => c.notNull())
          .addColumn("creation_timestamp_ms", "bigint", (c) => c.notNull())
          .addColumn("last_updated_timestamp_ms", "bigint", (c) => c.notNull())
          .addColumn("status", "integer", (c) => c.notNull())
          .addColumn("lifecycle_stage", "text", (c) => c.notNull())
          .addColumn("model_type", "text")
          .addColumn("source_run_id", "text")
          .addColumn("status_message", "text")
          .execute();
        await db.schema
          .createIndex("logged_models_experiment_idx")
          .on("logged_models")
          .columns(["experiment_id", "creation_timestamp_ms"])
          .execute();

        for (const table of ["logged_model_tags", "logged_model_params"]) {
          await db.schema
            .createTable(table)
            .addColumn("model_id", "text", (c) => c.notNull().references("logged_models.model_id").onDelete("cascade"))
            .addColumn("key", "text", (c) => c.notNull())
            .addColumn("value", "text", (c) => c.notNull())
            .addPrimaryKeyConstraint(`${table}_pk`, ["model_id", "key"])
            .execute();
        }

        // runs/outputs: which logged models a run produced, at which step.
        await db.schema
          .createTable("logged_model_outputs")
          .addColumn("run_uuid", "text", (c) => c.notNull())
          .addColumn("model_id", "text", (c) => c.notNull().references("logged_models.model_id").onDelete("cascade"))
          .addColumn("step", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("logged_model_outputs_pk", ["run_uuid", "model_id"])
          .execute();
      },
    },
    // MLflow 3.x links metrics to logged models (metrics logged with a model_id, e.g. the
    // re-logged step metrics of log_model); LoggedModel.data.metrics and metric search read them.
    // Absent dataset fields are stored as '' so they can be part of the key.
    "0003_logged_model_metrics": {
      async up(db: Db): Promise<void> {
        await db.schema
          .createTable("logged_model_metrics")
          .addColumn("model_id", "text", (c) => c.notNull())
          .addColumn("metric_name", "text", (c) => c.notNull())
          .addColumn("metric_timestamp_ms", "bigint", (c) => c.notNull())
          .addColumn("metric_step", "bigint", (c) => c.notNull())
          .addColumn("metric_value", "double precision", (c) => c.notNull())
          .addColumn("is_nan", "smallint", (c) => c.notNull())
          .addColumn("run_id", "text", (c) => c.notNull())
          .addColumn("dataset_name", "text", (c) => c.notNull())
          .addColumn("dataset_digest", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("logged_model_metrics_pk", [
            "model_id",
            "metric_name",
            "metric_timestamp_ms",
            "metric_step",
            "run_id",
            "dataset_name",
            "dataset_digest",
          ])
          .execute();
      },
    },
  };
}
