import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import secureJson from "secure-json-parse";
import type { Logger } from "pino";

/** What the GraphQL layer needs of an HTTP request, however it arrived (directly or through Fastify). */
export interface GraphQLHttpRequest {
  /** GET or POST; through Fastify, any other method too (Apollo answers 405). */
  method: string;
  headers: IncomingHttpHeaders;
  /** The query string, with its `?` (GET), or "". */
  search: string;
  body: unknown;
  ip: string | null;
  requestId: string;
}

export interface GraphQLHttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** Builds a request's context; `setCookie` adds a Set-Cookie header to its response. */
export type ContextFunction<C extends BaseContext> = (request: GraphQLHttpRequest, setCookie: (value: string) => void) => Promise<C>;

export type GraphQLResponder = (request: GraphQLHttpRequest) => Promise<GraphQLHttpResponse>;

/** Apollo Server over any HTTP server: one request in, status, headers and body out. */
export function graphqlResponder<C extends BaseContext>(apollo: ApolloServer<C>, context: ContextFunction<C>): GraphQLResponder {
  return async (request: GraphQLHttpRequest): Promise<GraphQLHttpResponse> => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const cookies: string[] = [];
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method, headers, search: request.search, body: request.body },
      context: () => context(request, (value) => cookies.push(value)),
    });
    // Incremental delivery (@defer, @stream) needs graphql 17: every answer is complete.
    if (result.body.kind !== "complete") throw new Error("incremental delivery is not supported");
    const out: Record<string, string | string[]> = Object.fromEntries(result.headers);
    if (cookies.length > 0) out["set-cookie"] = cookies;
    return { status: result.status ?? 200, headers: out, body: result.body.string };
  };
}

/** Sent with every response, by this module and by Fastify's onSend hook alike. */
export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** The headers a cross-origin page may read (CORS_ORIGINS): the request id, and why a 401 was. */
export const CORS_EXPOSED_HEADERS = ["x-request-id", "www-authenticate"] as const;

/** The one line per HTTP request (see accessLogger): the same fields from either path. */
export function logAccess(
  access: Logger,
  line: { method: string; url: string; requestId: string; status: number; ms: number },
): void {
  const path = line.url.split("?")[0]!;
  const entry = { event: "http.request", method: line.method, path, requestId: line.requestId, status: line.status, ms: Math.round(line.ms) };
  // A load balancer polls /healthz, Prometheus /metrics, every few seconds: a healthy answer is no news.
  if (line.status === 200 && (path === "/healthz" || path === "/metrics")) access.debug(entry, "http.request");
  else access.info(entry, "http.request");
}

export interface DirectOptions {
  respond: GraphQLResponder;
  access: Logger;
  logger: Logger;
  bodyLimit: number;
  /**
   * With CORS on, a request that names an Origin goes to Fastify (@fastify/cors answers it);
   * one that names none gets what @fastify/cors sends it (Vary, the exposed headers).
   */
  cors: boolean;
  /** With TRUST_PROXY set, a request that carries X-Forwarded-* headers goes to Fastify. */
  trustProxy: boolean;
}

/** Fastify's words (FST_ERR_CTP_INVALID_JSON_BODY), for any body that does not parse. */
const INVALID_JSON = "Body is not valid JSON but content-type is set to 'application/json'";
const JSON_TYPE = /^application\/json[\t ]*(;|$)/i;
const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"] as const;

/**
 * `/graphql` served on node:http without Fastify's per-request layers (routing, hooks,
 * request and reply objects, its content-type parsers): together they cost ~13% of a `me`
 * request. Only the plain requests: a POST of JSON (with a length, within the body limit) or
 * a GET, to `/graphql` exactly, with a usable Host. Anything else returns false and goes to
 * Fastify, whose /graphql route answers it with the same responder, so that every refusal
 * (413, 415, a missing Host, a request while closing...) has one implementation.
 */
export function directGraphQL(options: DirectOptions) {
  const { respond, access, logger, bodyLimit } = options;
  const exposed = CORS_EXPOSED_HEADERS.join(", ");

  let lastHost: string | undefined;
  const plain = (req: IncomingMessage): boolean => {
    const { headers } = req;
    if (options.cors && headers.origin !== undefined) return false;
    if (options.trustProxy && FORWARDED.some((name) => headers[name] !== undefined)) return false;
    const host = headers.host;
    if (!host) return false;
    if (host !== lastHost) {
      if (!URL.canParse(`http://${host}/`)) return false;
      lastHost = host; // nearly every request names the same Host: checked once
    }
    if (req.method === "POST") {
      if (req.url !== "/graphql" || headers["transfer-encoding"] !== undefined) return false;
      const length = Number(headers["content-length"]);
      return length > 0 && length <= bodyLimit && JSON_TYPE.test(headers["content-type"] ?? "");
    }
    return (
      req.method === "GET" &&
      (req.url === "/graphql" || req.url!.startsWith("/graphql?")) &&
      headers["content-length"] === undefined &&
      headers["transfer-encoding"] === undefined
    );
  };

  const send = (req: IncomingMessage, res: ServerResponse, started: number, requestId: string, response: GraphQLHttpResponse) => {
    // Object.assign, not a spread followed by more keys: see eslint.config.js.
    const headers: Record<string, string | string[] | number> = Object.assign({}, response.headers, { "x-request-id": requestId }, RESPONSE_HEADERS, {
      "content-length": Buffer.byteLength(response.body),
    });
    headers["cache-control"] ??= "no-store";
    if (options.cors) {
      headers.vary = response.headers.vary ? `${String(response.headers.vary)}, Origin` : "Origin";
      headers["access-control-expose-headers"] = exposed;
    }
    // Logged once written, as Fastify's onResponse: not for a client that left before its answer.
    res.once("finish", () =>
      logAccess(access, { method: req.method!, url: req.url!, requestId, status: response.status, ms: performance.now() - started }),
    );
    res.writeHead(response.status, headers);
    res.end(response.body);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, started: number, requestId: string, text: string | null) => {
    let response: GraphQLHttpResponse;
    try {
      let body: unknown;
      if (text !== null) {
        try {
          // As Fastify parses JSON: a __proto__ or constructor.prototype key is refused.
          body = secureJson.parse(text, undefined, { protoAction: "error", constructorAction: "error" });
        } catch {
          return send(req, res, started, requestId, errorResponse(400, INVALID_JSON, "BAD_REQUEST"));
        }
      }
      const url = req.url!;
      const search = url.length > "/graphql".length ? url.slice("/graphql".length) : "";
      response = await respond({
        method: req.method!,
        headers: req.headers,
        search,
        body,
        ip: req.socket.remoteAddress ?? null,
        requestId,
      });
    } catch (error) {
      logger.error({ err: error, requestId, path: "/graphql" }, "http.unexpected_error");
      response = errorResponse(500, "Internal server error", "INTERNAL_SERVER_ERROR", requestId);
    }
    send(req, res, started, requestId, response);
  };

  /** Never a rejection: a response that cannot even be written (a bad header, say) ends the connection. */
  const answerSafely = (req: IncomingMessage, res: ServerResponse, started: number, requestId: string, text: string | null) =>
    answer(req, res, started, requestId, text).catch((error: unknown) => {
      logger.error({ err: error, requestId, path: "/graphql" }, "http.unexpected_error");
      res.destroy();
    });

  /** Serves the request and returns true, or returns false for Fastify to serve it. */
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!plain(req)) return false;
    const started = performance.now();
    const requestId = randomUUID();
    if (req.method === "GET") {
      void answerSafely(req, res, started, requestId, null);
      return true;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => void answerSafely(req, res, started, requestId, Buffer.concat(chunks).toString("utf8")));
    // A client that goes away mid-body gets no answer; Node closes the socket.
    req.on("error", () => {});
    return true;
  };
}

/** The body of an HTTP-level refusal or failure, GraphQL-shaped; from either door. */
export function errorBody(message: string, code: string, requestId?: string) {
  return { errors: [{ message, extensions: requestId ? { code, requestId } : { code } }] };
}

function errorResponse(status: number, message: string, code: string, requestId?: string): GraphQLHttpResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(errorBody(message, code, requestId)),
  };
}
