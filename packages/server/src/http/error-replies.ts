import { isMlflowError, MlflowError } from "@sextant/protocol";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

const JSON_TYPE = "application/json; charset=utf-8";

/** Route config a route may carry to word its own over-size message. */
export interface BodyLimitConfig {
  readonly bodyTooLarge?: (limit: number, size: number | undefined) => string;
}

/** Sends `{"error_code", "message"}` with the HTTP status MLflow uses for the code. */
export function sendMlflowError(reply: FastifyReply, error: MlflowError): FastifyReply {
  return reply.code(error.httpStatus).header("content-type", JSON_TYPE).send(JSON.stringify(error.toJSON()));
}

function bodyTooLarge(request: FastifyRequest): MlflowError {
  const limit = request.routeOptions.bodyLimit ?? 0;
  const header = request.headers["content-length"];
  const size = header === undefined ? undefined : Number(header);
  const config = request.routeOptions.config as BodyLimitConfig;
  const message =
    config.bodyTooLarge?.(limit, size) ??
    `Request bodies must be at most ${limit} bytes${size === undefined ? "" : `, got a request of size ${size}`}.`;
  return MlflowError.invalidParameter(message);
}

/**
 * The one error handler: an MlflowError becomes its JSON body and status; Fastify's own client
 * errors (body too large, bad headers) become INVALID_PARAMETER_VALUE / BAD_REQUEST; anything
 * else is logged with its stack and answered as INTERNAL_ERROR/500 without internals.
 */
export function replyWithError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isMlflowError(error)) return sendMlflowError(reply, error);
  const status = (error as FastifyError).statusCode;
  if ((error as FastifyError).code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendMlflowError(reply, bodyTooLarge(request));
  if (typeof status === "number" && status >= 400 && status < 500) {
    return sendMlflowError(reply, new MlflowError("BAD_REQUEST", error.message));
  }
  request.log.error({ err: error }, `unexpected error in ${request.method} ${request.url}`);
  return sendMlflowError(
    reply,
    new MlflowError("INTERNAL_ERROR", "The server failed to handle this request; the error is in the server log."),
  );
}

/** Unknown route: ENDPOINT_NOT_FOUND/404 as JSON. */
export function replyNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendMlflowError(
    reply,
    new MlflowError("ENDPOINT_NOT_FOUND", `No endpoint ${request.method} ${request.url.split("?")[0]} on this server.`),
  );
}
