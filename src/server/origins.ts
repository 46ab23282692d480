import type { IncomingHttpHeaders } from "node:http";

/**
 * The origins a page may send a cookie-reading operation from: PUBLIC_URL's (or, without
 * it, the address the server listens on, by every loopback name when it is one) and
 * CORS_ORIGINS.
 */
export function trustedOrigins(publicUrl: string | null, listening: URL, corsOrigins: readonly string[]): ReadonlySet<string> {
  const origins = new Set(corsOrigins);
  if (publicUrl) {
    origins.add(new URL(publicUrl).origin);
    return origins;
  }
  origins.add(listening.origin);
  if (isLoopback(listening.hostname) || isWildcard(listening.hostname)) {
    for (const name of ["localhost", "127.0.0.1", "[::1]"]) origins.add(`${listening.protocol}//${name}:${listening.port}`);
  }
  return origins;
}

/** localhost, 127.0.0.0/8, ::1: where browsers keep Secure cookies over plain http. */
export function isLoopback(hostname: string): boolean {
  const host = bare(hostname);
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** 0.0.0.0 and ::, every interface: reached on loopback too. */
const isWildcard = (hostname: string) => bare(hostname) === "0.0.0.0" || bare(hostname) === "::";

/** A URL's hostname without the brackets of an IPv6 address. */
const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "");

/**
 * Why the cookie transport cannot work at this URL, if it cannot: browsers drop a Secure
 * cookie set over plain http, except from loopback addresses.
 */
export function cookieTransportProblem(publicUrl: string): string | null {
  const url = new URL(publicUrl);
  if (url.protocol === "https:" || isLoopback(url.hostname)) return null;
  return `PUBLIC_URL ${url.origin} is plain http: browsers drop the Secure refresh cookie there, so COOKIE sessions cannot refresh; serve it over https`;
}

/** The URL users reach the server at: PUBLIC_URL, else the listening address (a wildcard one as localhost). */
export function publicUrlOf(publicUrl: string | null, listening: URL): string {
  if (publicUrl) return publicUrl;
  const host = isWildcard(listening.hostname) ? "localhost" : listening.hostname;
  return `${listening.protocol}//${host}:${listening.port}`;
}

/**
 * Whether a request comes from a page of a trusted origin: its Origin (or, without one,
 * its Referer's origin) is one, and the browser does not call it cross-site. A request
 * that names no origin at all is not trusted: every browser sends Origin on a POST.
 */
export function fromTrustedOrigin(headers: IncomingHttpHeaders, trusted: ReadonlySet<string>): boolean {
  if (headers["sec-fetch-site"] === "cross-site") return false;
  const origin = headers.origin ?? refererOrigin(headers.referer);
  return origin !== undefined && trusted.has(origin);
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer || !URL.canParse(referer)) return undefined;
  const origin = new URL(referer).origin;
  return origin === "null" ? undefined : origin;
}
