import { createRequestDecoder } from "./request-decoder.js";
import type { DecodedMessage, MessageSchema } from "./request-schema.js";

/** Decodes an untrusted request and performs it with `service`: the whole of a route's work, minus HTTP. */
export type Rpc<Service> = (service: Service, raw: unknown) => Promise<object>;

/**
 * A maker of rpcs for one service: `rpc(schema, invoke)` compiles the schema's decoder once and
 * returns an Rpc that decodes the request (INVALID_PARAMETER_VALUE naming the bad field) and
 * hands the typed message to `invoke`.
 */
export function rpcsOf<Service>() {
  return <const S extends MessageSchema>(
    schema: S,
    invoke: (service: Service, request: DecodedMessage<S>) => Promise<object>,
  ): Rpc<Service> => {
    const decode = createRequestDecoder(schema);
    return (service, raw) => invoke(service, decode(raw));
  };
}
