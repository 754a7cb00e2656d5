import type { RunStatus } from "@sextant/protocol";

/** A coloured run status label (RUNNING pulses so live runs stand out). */
export function StatusBadge({ status }: { readonly status: RunStatus | string }) {
  return <span className={`status status-${String(status).toLowerCase()}`}>{status}</span>;
}
