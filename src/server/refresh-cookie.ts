import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../lib/clock.js";
import { CrossSiteRequestError } from "../lib/errors.js";
import type { RefreshCookie } from "../resolvers/context.js";
import { fromTrustedOrigin } from "./origins.js";

/**
 * The cookie transport's cookie. `__Host-`: the browser keeps it only if it is Secure, for
 * Path=/ and no Domain, so neither a subdomain nor a plain-HTTP page can plant or widen it.
 * Browsers keep Secure cookies from http://localhost and http://127.0.0.1 too.
 */
export const REFRESH_COOKIE = "__Host-refresh_token";

const ATTRIBUTES = { httpOnly: true, secure: true, sameSite: "strict", path: "/" } as const;

/** The refresh cookie of one request: read (from trusted origins only), set, cleared. */
export function refreshCookieOf(
  request: FastifyRequest,
  reply: FastifyReply,
  trustedOrigins: () => ReadonlySet<string>,
  clock: Clock,
): RefreshCookie {
  return {
    read() {
      if (!fromTrustedOrigin(request.headers, trustedOrigins())) throw new CrossSiteRequestError();
      const value = request.cookies[REFRESH_COOKIE];
      return value === undefined || value === "" ? undefined : value;
    },
    set(token, sessionExpiresAt) {
      const maxAge = Math.max(0, Math.floor((sessionExpiresAt.getTime() - clock.now().getTime()) / 1000));
      reply.setCookie(REFRESH_COOKIE, token, { ...ATTRIBUTES, maxAge });
    },
    clear() {
      reply.clearCookie(REFRESH_COOKIE, ATTRIBUTES);
    },
  };
}
