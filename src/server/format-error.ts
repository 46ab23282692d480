import { NotFoundError as OrmNotFoundError, UniqueConstraintViolationException } from "@mikro-orm/core";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { describeLimitError } from "./query-limits.js";
import { requestIdOf } from "./request-context.js";

export const INTERNAL_ERROR: GraphQLFormattedError = {
  message: "Internal server error",
  extensions: { code: "INTERNAL_SERVER_ERROR" },
};

/** Apollo's CSRF prevention: its words, and ours that say what to send. */
const CSRF_REFUSAL = "This operation has been blocked as a potential Cross-Site Request Forgery";
export const CSRF_ADVICE =
  "Refused as a possible cross-site request: a GET query, or a POST without a JSON content-type, must carry the header " +
  "`apollo-require-preflight: true` (or a non-empty `x-apollo-operation-name`). " +
  'urql: `fetchOptions: { headers: { "apollo-require-preflight": "true" } }`, or `preferGetMethod: false`. Mutations are POST only.';

/**
 * Apollo's formatError: errors we threw on purpose (and graphql-js/Apollo request errors)
 * pass through; MikroORM's well-known failures get their contract code; anything else is
 * logged in full and answered with a generic INTERNAL_SERVER_ERROR.
 */
export function createFormatError(logger: Logger, { hideSuggestions }: { hideSuggestions: boolean }) {
  const format = formatErrorWith(logger);
  if (!hideSuggestions) return format;
  // graphql-js names the right field, argument, input field or enum value ("Did you mean
  // the enum value "ADMIN"?"): in production that maps the schema for a stranger.
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    return Object.assign({}, result, { message: result.message.replace(/ ?Did you mean [^?]*\?/g, "") });
  };
}

function formatErrorWith(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.message.startsWith(CSRF_REFUSAL)) {
      return { message: CSRF_ADVICE, extensions: { code: "BAD_REQUEST", reason: "CSRF_PREFLIGHT_REQUIRED" } };
    }
    const limit = describeLimitError(formatted.message);
    if (limit) return { message: limit, extensions: { code: formatted.extensions?.code } };
    const original = unwrapResolverError(error);
    if (original instanceof OrmNotFoundError) {
      return { message: "Not found", path: formatted.path, extensions: { code: "NOT_FOUND" } };
    }
    if (original instanceof UniqueConstraintViolationException) {
      return { message: "That value is already taken", path: formatted.path, extensions: { code: "BAD_USER_INPUT" } };
    }
    // Apollo's own refusals (a bad persisted query, say) carry an HTTP status but no code.
    if (original instanceof GraphQLError && !original.extensions?.code && clientStatus(original)) {
      return Object.assign({}, formatted, { extensions: { code: "BAD_REQUEST" } });
    }
    const expected = original instanceof GraphQLError && !isUnexpected(original);
    // A stack trace is no use to a client, even in development: the server logs one for
    // each unexpected error, and an expected one (a wrong password) has nothing to debug.
    if (expected) return formatted;
    const requestId = requestIdOf(error);
    logger.error({ err: original, requestId, path: formatted.path }, "graphql.unexpected_error");
    return Object.assign({}, INTERNAL_ERROR, { path: formatted.path, extensions: Object.assign({}, INTERNAL_ERROR.extensions, { requestId }) });
  };
}

function clientStatus(error: GraphQLError): boolean {
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  return status !== undefined && status >= 400 && status < 500;
}

/** A GraphQLError that wraps a crash (e.g. thrown from a resolver as a plain Error) or says so. */
function isUnexpected(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  return code === undefined || code === "INTERNAL_SERVER_ERROR";
}
