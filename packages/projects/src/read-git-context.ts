import { runGit } from "./run-git.js";

/** What Git knows about a folder, for run tags; every field is absent outside a repository. */
export interface GitContext {
  /** Top folder of the working tree. */
  readonly worktree?: string;
  /** Full SHA of HEAD. */
  readonly commit?: string;
  /** URL of the `origin` remote, or of the first remote when there is no origin. */
  readonly repoUrl?: string;
}

/**
 * Reads the Git working tree, HEAD commit and remote URL of `dir` with the git CLI
 * (searching parent folders, as MLflow does). Returns an empty context when `dir` is not in
 * a repository or git is not installed; never throws.
 */
export async function readGitContext(dir: string): Promise<GitContext> {
  const [top, head, remotes] = await Promise.all([
    runGit(["rev-parse", "--show-toplevel"], dir),
    runGit(["rev-parse", "--verify", "--quiet", "HEAD"], dir),
    runGit(["remote"], dir),
  ]);
  if (!top.ok) return {};
  const names = remotes.ok ? remotes.stdout.split("\n").filter((n) => n !== "") : [];
  const remote = names.includes("origin") ? "origin" : names[0];
  const url = remote === undefined ? undefined : await runGit(["remote", "get-url", remote], dir);
  return {
    worktree: top.stdout.trim(),
    ...(head.ok && head.stdout.trim() !== "" ? { commit: head.stdout.trim() } : {}),
    ...(url?.ok ? { repoUrl: url.stdout.trim() } : {}),
  };
}
