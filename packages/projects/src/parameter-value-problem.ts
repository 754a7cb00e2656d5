import type { ParameterType } from "./project-spec.js";

const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INT = /^[+-]?\d+$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:.+/;

/**
 * Why `value` is not a valid `type` value, or undefined when it is. Checks the types whose
 * validity is a matter of syntax: `float` (a finite decimal number such as `0.5`, `-3`,
 * `1e-4`), `int` (an optional sign and digits) and `uri` (a scheme such as `s3:` or
 * `https:` followed by something). `string` is always valid; `path` is checked against the
 * file system by `computeParameters`.
 */
export function parameterValueProblem(type: ParameterType, value: string): string | undefined {
  switch (type) {
    case "float":
      return FLOAT.test(value) ? undefined : "expected a number such as 0.5, 3 or 1e-4";
    case "int":
      return INT.test(value) ? undefined : "expected an integer such as 10 or -2";
    case "uri":
      return URI.test(value) ? undefined : "expected a URI with a scheme, such as s3://bucket/key or https://host/path";
    default:
      return undefined;
  }
}
