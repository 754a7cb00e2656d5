/** The longest DNS-1123 label Kubernetes accepts for Job and container names. */
export const DNS_LABEL_MAX = 63;

/**
 * Makes `text` a DNS-1123 label (lower-case letters, digits and `-`, starting and ending
 * with a letter or digit) of at most `max` characters: lower-cased, every other character
 * run turned into one `-` (`My_Project` -> `my-project`), trimmed. Returns `fallback` when
 * nothing is left.
 */
export function dnsLabel(text: string, max = DNS_LABEL_MAX, fallback = "project"): string {
  const cleaned = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
  return cleaned === "" ? fallback.slice(0, max) : cleaned;
}

/**
 * The Job name MLflow gives a project run, `<project>-<timestamp>` with the timestamp as
 * `YYYY-MM-DD-HH-MM-SS-ffffff` (UTC here, so names sort across time zones), with the
 * project part cleaned and shortened so the whole name is a valid 63-character label.
 */
export function jobName(projectName: string, now: Date, micros = 0): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const stamp = [
    now.getUTCFullYear(),
    pad(now.getUTCMonth() + 1),
    pad(now.getUTCDate()),
    pad(now.getUTCHours()),
    pad(now.getUTCMinutes()),
    pad(now.getUTCSeconds()),
    pad(now.getUTCMilliseconds() * 1000 + (micros % 1000), 6),
  ].join("-");
  return `${dnsLabel(projectName, DNS_LABEL_MAX - stamp.length - 1)}-${stamp}`;
}
