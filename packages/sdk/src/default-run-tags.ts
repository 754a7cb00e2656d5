import { userInfo } from "node:os";
import { dirname, resolve } from "node:path";
import type { Environment } from "./client-options.js";
import { gitCommitOf } from "./git-commit.js";

/** The user name MLflow records (`getpass.getuser()`: LOGNAME, USER, LNAME, USERNAME, then the OS). */
export function currentUser(env: Environment = process.env): string {
  const fromEnv = env.LOGNAME || env.USER || env.LNAME || env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

/**
 * Tags MLflow's client puts on every new run: `mlflow.user`, `mlflow.source.name` (the
 * script being run), `mlflow.source.type` = LOCAL, and `mlflow.source.git.commit` when the
 * script lives in a git checkout. User-given tags override these.
 */
export async function defaultRunTags(env: Environment = process.env): Promise<Record<string, string>> {
  const script = process.argv[1] ? resolve(process.argv[1]) : undefined;
  const tags: Record<string, string> = {
    "mlflow.user": currentUser(env),
    "mlflow.source.name": script ?? "<console>",
    "mlflow.source.type": "LOCAL",
  };
  const commit = await gitCommitOf(script ? dirname(script) : process.cwd());
  if (commit) tags["mlflow.source.git.commit"] = commit;
  return tags;
}
