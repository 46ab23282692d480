import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Registry } from "prom-client";

/**
 * GET /metrics, mounted only under METRICS=on (off, the path is unknown: 404). Who may scrape:
 *
 * - METRICS_TOKEN set: whoever sends it as `Authorization: Bearer <token>`, loopback too. This
 *   is the rule to use behind a reverse proxy on the same host, whose requests all come from
 *   loopback.
 * - Not set: a loopback peer (127.0.0.0/8, ::1, ::ffff:127.x) of the TCP connection itself,
 *   never an address X-Forwarded-For names, and only for a request that carries no forwarding
 *   header (X-Forwarded-For, Forwarded, X-Real-IP): such a request came through a proxy, on
 *   behalf of someone who may be anywhere.
 *
 * Refused: 401 (with WWW-Authenticate) when a token would do and none or another was sent,
 * 403 when no token is configured and the peer is not loopback. Neither says anything of the token.
 */

export interface MetricsRouteOptions {
  registry: Registry;
  /** METRICS_TOKEN; null: loopback peers only. */
  token: string | null;
}

export type ScrapeAccess = "allowed" | "unauthorized" | "forbidden";

export function mountMetrics(app: FastifyInstance, { registry, token }: MetricsRouteOptions): void {
  const expected = token === null ? null : digest(token);
  app.get("/metrics", async (request, reply) => {
    const access = scrapeAccess(request, expected);
    if (access === "unauthorized") {
      return reply
        .code(401)
        .header("www-authenticate", 'Bearer realm="metrics"')
        .send({ errors: [{ message: "Send the metrics token as a bearer", extensions: { code: "UNAUTHENTICATED" } }] });
    }
    if (access === "forbidden") {
      return reply
        .code(403)
        .send({ errors: [{ message: "Metrics are served to loopback only", extensions: { code: "FORBIDDEN" } }] });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/** Who may scrape (see above); `expected` is the SHA-256 of METRICS_TOKEN. */
export function scrapeAccess(request: FastifyRequest, expected: Buffer | null): ScrapeAccess {
  if (expected !== null) return bearerMatches(request.headers.authorization, expected) ? "allowed" : "unauthorized";
  const forwarded = "x-forwarded-for" in request.headers || "forwarded" in request.headers || "x-real-ip" in request.headers;
  return !forwarded && isLoopback(request.socket.remoteAddress) ? "allowed" : "forbidden";
}

/** The peer address as the socket reports it: 127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  if (v4 === "::1" || v4 === "0:0:0:0:0:0:0:1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

const BEARER = /^Bearer +(\S+) *$/i;

/** Hashed first, so that the constant-time comparison does not depend on the lengths either. */
export function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  return token !== undefined && timingSafeEqual(digest(token), expected);
}

export function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
