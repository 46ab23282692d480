import { randomUUID } from "node:crypto";
import type { ApolloServer } from "@apollo/server";
import cors from "@fastify/cors";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteHandlerMethod,
} from "fastify";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import type { RequestContext } from "./context.js";
import { runWithRequestId } from "./request-context.js";
import { accessLogger } from "../lib/logger.js";

export const BODY_LIMIT_BYTES = 100 * 1024;

export interface HttpOptions {
  config: Config;
  logger: Logger;
  /** Whether the database answers; drives /healthz. */
  checkDatabase: () => Promise<boolean>;
  /** The public signing keys (empty with HS256). */
  jwks: () => { keys: object[] };
}

/** The HTTP layer: routes, body limit, headers, error shapes. GraphQL is mounted by mountGraphQL. */
export function createHttpServer({ config, logger, checkDatabase, jwks }: HttpOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request of our own (onResponse), without query strings or headers.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.trustProxy),
    // Slow clients cannot hold a connection (or a request) open forever.
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    forceCloseConnections: "idle",
    // Every response names its request (x-request-id) so a client can quote it; never taken from the client.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
  });

  if (config.corsOrigins.length > 0) {
    // Off unless CORS_ORIGINS lists origins. With credentials, so that a web app on another
    // origin of the same site can use the cookie transport (the cookie is SameSite=Strict:
    // no other site's page ever sends it).
    void app.register(cors, {
      origin: [...config.corsOrigins],
      methods: ["GET", "POST"],
      allowedHeaders: [
        "content-type",
        "authorization",
        "apollo-require-preflight",
        "x-apollo-operation-name",
        // Apollo Client sends these when given a name and version (client awareness).
        "apollographql-client-name",
        "apollographql-client-version",
      ],
      exposedHeaders: ["x-request-id", "www-authenticate"],
      credentials: true,
      maxAge: 600,
    });
  }

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    // @fastify/cors sends it to every origin; without an allowed origin it only confuses.
    if (!reply.hasHeader("access-control-allow-origin")) reply.removeHeader("access-control-allow-credentials");
  });

  const access = accessLogger(logger);
  app.addHook("onResponse", async (request, reply) => {
    // A load balancer polls /healthz, Prometheus /metrics, every few seconds: a healthy answer is no news.
    const quiet = reply.statusCode === 200 && (request.url === "/healthz" || request.url === "/metrics");
    const line = {
      event: "http.request",
      method: request.method,
      path: request.url.split("?")[0],
      requestId: request.id,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (quiet) access.debug(line, "http.request");
    else access.info(line, "http.request");
  });

  app.get("/healthz", async (_request, reply) => {
    const ok = await checkDatabase().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable" });
  });

  app.get("/.well-known/jwks.json", async (_request, reply) =>
    reply.header("cache-control", "public, max-age=300").type("application/jwk-set+json").send(jwks()),
  );

  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).send({ errors: [{ message: "Not found", extensions: { code: "NOT_FOUND" } }] }),
  );

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      logger.error({ err: error, requestId: request.id, path: request.url.split("?")[0] }, "http.unexpected_error");
      return reply.code(500).send({
        errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId: request.id } }],
      });
    }
    return reply.code(status).send({ errors: [{ message: error.message, extensions: { code: httpCode(status) } }] });
  });

  return app;
}

export function mountGraphQL(
  app: FastifyInstance,
  apollo: ApolloServer<RequestContext>,
  context: (request: FastifyRequest, reply: FastifyReply) => Promise<RequestContext>,
): void {
  const handler = fastifyApolloHandler(apollo, { context }) as unknown as RouteHandlerMethod;
  app.route({
    method: ["GET", "POST", "OPTIONS"],
    url: "/graphql",
    handler: (request, reply) => {
      // Apollo's integration builds a URL of the protocol and the Host header (either may
      // come from a trusted proxy's X-Forwarded-*): without a usable one (HTTP/1.0 may send
      // no Host, or "Host: a b") that is the client's mistake, not a crash.
      if (request.hostname === "" || !URL.canParse(`${request.protocol}://${request.hostname}/`)) {
        return reply.code(400).send({
          errors: [{ message: "The request needs a valid Host header (and X-Forwarded-Host and -Proto, from a trusted proxy)", extensions: { code: "BAD_REQUEST" } }],
        });
      }
      // formatError reads the request id from here to tag unexpected errors.
      return runWithRequestId(request.id, () => handler.call(app, request, reply));
    },
  });
}

/**
 * TRUST_PROXY as Fastify takes it. A hop count is a function of the position in the chain
 * (0 is the socket's peer, 1 the rightmost X-Forwarded-For entry, ...): Fastify's own
 * numeric option trusts nothing. Addresses and CIDR ranges go to proxy-addr as they are.
 */
export function trustProxyOption(trust: Config["trustProxy"]): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === "number") return (_address, hop) => hop < trust;
  return [...trust];
}

function httpCode(status: number): string {
  if (status === 413) return "PAYLOAD_TOO_LARGE";
  if (status === 415) return "UNSUPPORTED_MEDIA_TYPE";
  return "BAD_REQUEST";
}
