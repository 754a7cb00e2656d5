// A training-script stand-in for the exit-hook tests. Uses the BUILT SDK (packages/sdk/dist).
// Usage: node exit-script.mjs <mode>; MLFLOW_TRACKING_URI must be set.
//   natural: logs 3000 metrics and ends without endRun()/flush(): beforeExit must send them.
//   signal:  logs 100 metrics, prints READY, then idles until signalled.
//   stdin:   logs 100 metrics, prints READY, waits for a line on stdin, then ends naturally.
import { once } from "node:events";
import { logMetric, logParam, startRun } from "../../dist/index.js";

const mode = process.argv[2];
const run = await startRun({ runName: `exit-${mode}` });
const count = mode === "natural" ? 3000 : 100;
for (let step = 0; step < count; step++) void logMetric("m", step, step);
void logParam("mode", mode);
process.stdout.write(`READY ${run.runId}\n`);
if (mode === "signal") setInterval(() => {}, 1000);
if (mode === "stdin") {
  process.stdin.resume();
  await once(process.stdin, "data");
  process.stdin.pause();
}
