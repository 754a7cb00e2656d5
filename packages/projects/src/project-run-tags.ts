import type { RunTag } from "@sextant/protocol";
import type { FetchedProject } from "./fetch-project.js";
import type { GitContext } from "./read-git-context.js";

/** Run tags of MLflow's `mlflow.` namespace that describe a project run. */
export const PROJECT_TAGS = {
  user: "mlflow.user",
  sourceName: "mlflow.source.name",
  sourceType: "mlflow.source.type",
  gitCommit: "mlflow.source.git.commit",
  gitRepoUrl: "mlflow.source.git.repoURL",
  gitBranch: "mlflow.source.git.branch",
  legacyGitRepoUrl: "mlflow.gitRepoURL",
  legacyGitBranch: "mlflow.gitBranchName",
  entryPoint: "mlflow.project.entryPoint",
  backend: "mlflow.project.backend",
  env: "mlflow.project.env",
  runName: "mlflow.runName",
  /** Sextant's own: the exit code of the entry point's process. */
  exitCode: "sextant.project.exitCode",
} as const;

/** What `projectRunTags` needs to know about a run. */
export interface ProjectRunTagsInput {
  readonly project: FetchedProject;
  readonly git: GitContext;
  readonly entryPoint: string;
  readonly backend: string;
  /** `mlflow.project.env`: how the environment was provided (`local`, `docker`, …). */
  readonly env: string;
  readonly user: string;
}

/**
 * The tags MLflow sets on a project run (mlflow/projects/utils.py): user, source name and
 * type PROJECT, Git commit, repository URL and branch (with their legacy names), entry
 * point, backend and environment. The source name is the URI for Git projects and, for a
 * local folder inside a Git working tree, `file://<worktree>#<subfolder>` (else the path).
 */
export function projectRunTags(input: ProjectRunTagsInput): RunTag[] {
  const { project, git } = input;
  const tags: RunTag[] = [
    { key: PROJECT_TAGS.user, value: input.user },
    { key: PROJECT_TAGS.sourceName, value: projectSourceName(project, git) },
    { key: PROJECT_TAGS.sourceType, value: "PROJECT" },
    { key: PROJECT_TAGS.entryPoint, value: input.entryPoint },
    { key: PROJECT_TAGS.backend, value: input.backend },
    { key: PROJECT_TAGS.env, value: input.env },
  ];
  if (git.commit) tags.push({ key: PROJECT_TAGS.gitCommit, value: git.commit });
  if (git.repoUrl) {
    tags.push({ key: PROJECT_TAGS.gitRepoUrl, value: git.repoUrl }, { key: PROJECT_TAGS.legacyGitRepoUrl, value: git.repoUrl });
  }
  if (project.versionIsBranch && project.version) {
    tags.push({ key: PROJECT_TAGS.gitBranch, value: project.version }, { key: PROJECT_TAGS.legacyGitBranch, value: project.version });
  }
  return tags;
}

/** `mlflow.source.name` of a project run, as MLflow computes it. */
export function projectSourceName(project: FetchedProject, git: GitContext): string {
  if (project.uri.kind === "git") return project.uri.uri;
  const { worktree } = git;
  if (!worktree || (project.workDir !== worktree && !project.workDir.startsWith(`${worktree}/`))) return project.workDir;
  const relative = project.workDir.slice(worktree.length + 1);
  return relative === "" ? `file://${worktree}` : `file://${worktree}#${relative}`;
}
