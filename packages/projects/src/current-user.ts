import { userInfo } from "node:os";

/**
 * The user name for `mlflow.user`, found as Python's `getpass.getuser()` finds it (which
 * MLflow uses): LOGNAME, USER, LNAME or USERNAME from `env`, then the account database;
 * "unknown" when there is none (e.g. a container user without a passwd entry).
 */
export function currentUser(env: Readonly<Record<string, string | undefined>> = process.env): string {
  for (const name of ["LOGNAME", "USER", "LNAME", "USERNAME"]) {
    const value = env[name];
    if (value) return value;
  }
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
