import { fastifyCookie } from "@fastify/cookie";
import type { Logger } from "pino";
import type { Clock } from "../lib/clock.js";
import { CrossSiteRequestError } from "../lib/errors.js";
import type { RefreshCookie } from "../resolvers/context.js";
import type { GraphQLHttpRequest } from "./graphql-endpoint.js";
import { fromTrustedOrigin } from "./origins.js";

/**
 * The cookie transport's cookie. `__Host-`: the browser keeps it only if it is Secure, for
 * Path=/ and no Domain, so neither a subdomain nor a plain-HTTP page can plant or widen it.
 * Browsers keep Secure cookies from http://localhost and http://127.0.0.1 too.
 */
export const REFRESH_COOKIE = "__Host-refresh_token";

const ATTRIBUTES = { httpOnly: true, secure: true, sameSite: "strict", path: "/" } as const;

/**
 * The refresh cookie of one request: read (from trusted origins only), set, cleared. Parsed
 * and serialized with @fastify/cookie's functions, not its plugin: the plugin's hooks and
 * decorations would cost every request, and only refreshToken and logout use a cookie.
 */
export function refreshCookieOf(
  request: Pick<GraphQLHttpRequest, "headers" | "ip">,
  setCookie: (value: string) => void,
  trustedOrigins: () => ReadonlySet<string>,
  clock: Clock,
  logger: Logger,
): RefreshCookie {
  return {
    read() {
      const header = request.headers.cookie;
      const value = header ? fastifyCookie.parse(header)[REFRESH_COOKIE] : undefined;
      // No cookie, nothing to protect: the caller refuses that as REFRESH_TOKEN_INVALID.
      if (value === undefined || value === "") return undefined;
      if (!fromTrustedOrigin(request.headers, trustedOrigins())) {
        logger.info(
          { event: "auth.cookie.cross_site_refused", origin: request.headers.origin ?? null, ip: request.ip, fetchSite: request.headers["sec-fetch-site"] ?? null },
          "auth.cookie.cross_site_refused",
        );
        throw new CrossSiteRequestError();
      }
      return value;
    },
    set(token, sessionExpiresAt) {
      const maxAge = Math.max(0, Math.floor((sessionExpiresAt.getTime() - clock.now().getTime()) / 1000));
      setCookie(fastifyCookie.serialize(REFRESH_COOKIE, token, Object.assign({}, ATTRIBUTES, { maxAge })));
    },
    clear() {
      // Max-Age=0 and an Expires in the past: every browser drops it.
      const cleared = Object.assign({}, ATTRIBUTES, { maxAge: 0, expires: new Date(0) });
      setCookie(fastifyCookie.serialize(REFRESH_COOKIE, "", cleared));
    },
  };
}
