import { MlflowError } from "./mlflow-error.js";

/** A parsed `models:/` or `runs:/` URI. */
export type ModelUri =
  | { readonly kind: "version"; readonly name: string; readonly version: string }
  /** `latest` (the highest version) or a stage such as `Production`. */
  | { readonly kind: "stage"; readonly name: string; readonly stage: string }
  | { readonly kind: "alias"; readonly name: string; readonly alias: string }
  /** An MLflow 3.x logged model. */
  | { readonly kind: "model_id"; readonly modelId: string }
  | { readonly kind: "run"; readonly runId: string; readonly path: string };

function invalid(uri: string, why: string): MlflowError {
  return MlflowError.invalidParameter(
    `Not a valid model URI '${uri}': ${why}. Use models:/<name>/<version>, models:/<name>/<stage>, ` +
      "models:/<name>@<alias>, models:/<model_id> or runs:/<run_id>/<path>.",
  );
}

/**
 * Parses the model URIs MLflow accepts: `models:/<name>/<version>`, `models:/<name>/<stage>`
 * (`latest` included), `models:/<name>@<alias>`, `models:/<model_id>` and
 * `runs:/<run_id>/<path>`. Segments are percent-decoded. Throws INVALID_PARAMETER_VALUE
 * naming the URI for anything else.
 */
export function parseModelUri(uri: string): ModelUri {
  const match = /^(models|runs):(?:\/\/)?\/?(.*)$/.exec(uri);
  if (!match) throw invalid(uri, "expected a models:/ or runs:/ URI");
  const [, scheme, rest = ""] = match;
  const parts = rest.split("/").filter((p) => p !== "").map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      throw invalid(uri, `bad percent-encoding in '${p}'`);
    }
  });
  if (parts.length === 0) throw invalid(uri, "nothing after the scheme");
  if (scheme === "runs") {
    const [runId, ...path] = parts;
    return { kind: "run", runId: runId!, path: path.join("/") };
  }
  const [first, ...more] = parts;
  const at = first!.indexOf("@");
  if (at >= 0) {
    if (more.length > 0) throw invalid(uri, "nothing may follow the alias");
    const name = first!.slice(0, at);
    const alias = first!.slice(at + 1);
    if (name === "" || alias === "") throw invalid(uri, "both a name and an alias are needed around '@'");
    return { kind: "alias", name, alias };
  }
  if (more.length === 0) return { kind: "model_id", modelId: first! };
  if (more.length > 1) throw invalid(uri, "expected exactly one segment after the model name");
  const [selector] = more;
  return /^\d+$/.test(selector!) ? { kind: "version", name: first!, version: String(Number(selector)) } : { kind: "stage", name: first!, stage: selector! };
}
