import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";

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
  const host = listening.hostname.replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || host === "::1" || host === "::" || host === "0.0.0.0" || /^127\./.test(host);
  if (loopback) {
    for (const name of ["localhost", "127.0.0.1", "[::1]"]) origins.add(`${listening.protocol}//${name}:${listening.port}`);
  }
  return origins;
}

/** The URL users reach the server at: PUBLIC_URL, else the listening address (a wildcard one as localhost). */
export function publicUrlOf(publicUrl: string | null, listening: URL): string {
  if (publicUrl) return publicUrl;
  const host = listening.hostname.replace(/^\[|\]$/g, "");
  const wildcard = host === "0.0.0.0" || host === "::";
  const shown = wildcard ? "localhost" : isIP(host) === 6 ? `[${host}]` : host;
  return `${listening.protocol}//${shown}:${listening.port}`;
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
