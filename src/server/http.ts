import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "@fastify/cors";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import { CORS_EXPOSED_HEADERS, directGraphQL, errorBody, logAccess, RESPONSE_HEADERS, type GraphQLResponder } from "./graphql-endpoint.js";
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

/** A server's direct GraphQL door (see graphql-endpoint.ts): set by mountGraphQL, shut on close. */
interface DirectDoor {
  handler: ((req: IncomingMessage, res: ServerResponse) => boolean) | null;
  closing: boolean;
  /** The access logger both doors write their lines with. */
  access: Logger;
}

const directDoors = new WeakMap<FastifyInstance, DirectDoor>();

/** The HTTP layer: routes, body limit, headers, error shapes. GraphQL is mounted by mountGraphQL. */
export function createHttpServer({ config, logger, checkDatabase, jwks }: HttpOptions): FastifyInstance {
  const direct: DirectDoor = { handler: null, closing: false, access: accessLogger(logger) };
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request of our own (onResponse), without query strings or headers.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify's own lines (a client error, say) go to our logger as they are: a child logger
    // per request (pino runs the redact list over its bindings) cost ~3% of a `me` request.
    childLoggerFactory: (parent) => parent,
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
      exposedHeaders: [...CORS_EXPOSED_HEADERS],
      credentials: true,
      maxAge: 600,
    });
  }

  // The plain GraphQL requests are answered before Fastify sees them (on its main server; the
  // second address of a HOST such as localhost is served by Fastify alone).
  const [fastifyHandler] = app.server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (!fastifyHandler) throw new Error("Fastify's server has no request listener");
  app.server.removeListener("request", fastifyHandler);
  app.server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (direct.closing || !direct.handler?.(req, res)) fastifyHandler(req, res);
  });
  directDoors.set(app, direct);
  // From the first moment of closing, Fastify answers everything (503, return503OnClosing).
  app.addHook("preClose", async () => {
    direct.closing = true;
  });

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
    reply.headers(RESPONSE_HEADERS);
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    // @fastify/cors sends it to every origin; without an allowed origin it only confuses.
    if (!reply.hasHeader("access-control-allow-origin")) reply.removeHeader("access-control-allow-credentials");
  });

  app.addHook("onResponse", async (request, reply) => {
    logAccess(direct.access, { method: request.method, url: request.url, requestId: request.id, status: reply.statusCode, ms: reply.elapsedTime });
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
      return reply.code(500).send(errorBody("Internal server error", "INTERNAL_SERVER_ERROR", request.id));
    }
    return reply.code(status).send(errorBody(error.message, httpCode(status)));
  });

  return app;
}

/**
 * /graphql: the plain GET and POST requests are answered directly on node:http (see
 * graphql-endpoint.ts); this route answers the rest with the same responder.
 */
export function mountGraphQL(app: FastifyInstance, respond: GraphQLResponder, logger: Logger, config: Config): void {
  const direct = directDoors.get(app);
  if (!direct) throw new Error("mountGraphQL needs a server made by createHttpServer");
  direct.handler = directGraphQL({
    respond,
    access: direct.access,
    logger,
    bodyLimit: BODY_LIMIT_BYTES,
    cors: config.corsOrigins.length > 0,
    trustProxy: config.trustProxy !== false,
  });
  app.route({
    method: ["GET", "POST", "OPTIONS"],
    url: "/graphql",
    handler: async (request, reply) => {
      // Without a usable Host (HTTP/1.0 may send none, or "Host: a b"; from a trusted proxy,
      // X-Forwarded-Host and -Proto) the request names no URL: the client's mistake.
      if (request.hostname === "" || !URL.canParse(`${request.protocol}://${request.hostname}/`)) {
        return reply
          .code(400)
          .send(errorBody("The request needs a valid Host header (and X-Forwarded-Host and -Proto, from a trusted proxy)", "BAD_REQUEST"));
      }
      const query = request.url.indexOf("?");
      const response = await respond({
        method: request.method,
        headers: request.headers,
        search: query === -1 ? "" : request.url.slice(query),
        body: request.body,
        ip: request.ip ?? null,
        requestId: request.id,
      });
      return reply.code(response.status).headers(response.headers).send(response.body);
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
