/**
 * Request shapes declared as data. Each rpc's request is a table of fields with their protobuf
 * type and whether MLflow requires them; `createRequestDecoder` turns such a table into a
 * function that reads untrusted JSON (or query-string) input by protobuf-JSON rules. The
 * TypeScript type of the decoded request is derived from the same table, so the two cannot drift.
 */

/** A protobuf enum as it appears on the wire: names with their numbers (both are accepted). */
export type EnumValues = Readonly<Record<string, number>>;

interface FieldBase {
  /** MLflow answers "Missing value for required parameter" when absent or empty. */
  readonly required?: boolean;
  /** A legacy name read when the field itself is absent (`run_uuid` for `run_id`). */
  readonly alias?: string;
  /**
   * For string fields: a JSON number is read as its decimal string. MLflow's server does this for
   * `experiment_id`/`experiment_ids` (`_stringify_all_experiment_ids`), which old clients and the
   * R client send as numbers.
   */
  readonly numberAsString?: boolean;
}

export type FieldSpec =
  | (FieldBase & { readonly kind: "string" })
  | (FieldBase & { readonly kind: "int64" })
  | (FieldBase & { readonly kind: "double" })
  | (FieldBase & { readonly kind: "bool" })
  | (FieldBase & { readonly kind: "enum"; readonly values: EnumValues })
  | (FieldBase & { readonly kind: "strings" })
  | (FieldBase & { readonly kind: "messages"; readonly of: MessageSchema })
  | (FieldBase & { readonly kind: "message"; readonly of: MessageSchema });

/** The fields of one protobuf message, keyed by their snake_case wire name. */
export type MessageSchema = Readonly<Record<string, FieldSpec>>;

type FieldValue<F> = F extends { readonly kind: "string" }
  ? string
  : F extends { readonly kind: "int64" | "double" }
    ? number
    : F extends { readonly kind: "bool" }
      ? boolean
      : F extends { readonly kind: "enum"; readonly values: infer V }
        ? Extract<keyof V, string>
        : F extends { readonly kind: "strings" }
          ? readonly string[]
          : F extends { readonly kind: "messages"; readonly of: infer S }
            ? readonly DecodedMessage<S>[]
            : F extends { readonly kind: "message"; readonly of: infer S }
              ? DecodedMessage<S>
              : never;

/** Repeated fields are always present (empty when absent), as in protobuf. */
type AlwaysPresent<F> = F extends { readonly required: true }
  ? true
  : F extends { readonly kind: "strings" | "messages" }
    ? true
    : false;

/** The decoded form of a message schema: required and repeated fields present, others optional. */
export type DecodedMessage<S> = {
  readonly [K in keyof S as AlwaysPresent<S[K]> extends true ? K : never]: FieldValue<S[K]>;
} & {
  readonly [K in keyof S as AlwaysPresent<S[K]> extends true ? never : K]?: FieldValue<S[K]>;
};

/** Declares a message schema, keeping its literal types for `DecodedMessage`. */
export function messageSchema<const S extends MessageSchema>(schema: S): S {
  return schema;
}
