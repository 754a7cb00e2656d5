/** What happened to one blob while pushing an image. */
export type BlobState =
  /** The target repository already has it: nothing sent. */
  | "exists"
  /** Linked from the base image's repository on the same registry: nothing sent. */
  | "mounted"
  /** Being sent (`sent` bytes so far). */
  | "uploading"
  /** Sent completely. */
  | "uploaded";

/** Progress of building and pushing an image, one event at a time. */
export type PushProgressEvent =
  | { readonly type: "base"; readonly image: string; readonly digest: string; readonly platform?: string }
  | { readonly type: "layer-built"; readonly name: string; readonly digest: string; readonly size: number; readonly entries: number }
  | {
      readonly type: "blob";
      readonly role: "layer" | "config";
      /** 1-based position among the image's blobs (layers then config). */
      readonly index: number;
      readonly count: number;
      readonly digest: string;
      readonly size: number;
      readonly state: BlobState;
      readonly sent: number;
      /** Where an uploaded base layer came from when it was copied from another registry. */
      readonly from?: string;
    }
  | { readonly type: "manifest"; readonly reference: string; readonly digest: string }
  /** Something the user should know, e.g. a build output older than its sources. */
  | { readonly type: "notice"; readonly message: string };

/** Human-readable byte count: `512 B`, `1.5 kB`, `12.3 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A progress handler that writes one line per step to `write` (meant for stderr): the base
 * image resolved, each layer built, and per blob whether it was already there, mounted, or
 * uploaded, with the percentage sent at most every 25% while uploading; then the manifest.
 */
export function pushProgressPrinter(write: (line: string) => void): (event: PushProgressEvent) => void {
  const lastQuarter = new Map<string, number>();
  return (event) => {
    switch (event.type) {
      case "base":
        write(`Base image ${event.image} -> ${event.digest}${event.platform ? ` (${event.platform})` : ""}`);
        return;
      case "layer-built":
        write(`Built ${event.name} layer ${short(event.digest)}: ${event.entries} entries, ${formatBytes(event.size)}`);
        return;
      case "manifest":
        write(`Pushed ${event.reference}@${event.digest}`);
        return;
      case "notice":
        write(`Note: ${event.message}`);
        return;
      case "blob": {
        const label = `${event.role} ${event.index}/${event.count} ${short(event.digest)} (${formatBytes(event.size)})`;
        if (event.state === "exists") write(`${label}: already in the registry`);
        else if (event.state === "mounted") write(`${label}: mounted from the base image's repository`);
        else if (event.state === "uploaded") write(`${label}: uploaded${event.from ? ` (copied from ${event.from})` : ""}`);
        else {
          const quarter = event.size === 0 ? 4 : Math.floor((event.sent / event.size) * 4);
          const previous = lastQuarter.get(event.digest);
          if (previous === undefined || quarter > previous) {
            lastQuarter.set(event.digest, quarter);
            if (quarter < 4) write(`${label}: uploading ${quarter * 25}%`);
          }
        }
        return;
      }
    }
  };
}

function short(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}
