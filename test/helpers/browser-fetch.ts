/**
 * A browser's fetch, emulated in Node, for driving the cookie transport: a page at `origin`
 * calling the API. It keeps a cookie jar the way a browser does (Set-Cookie with Path,
 * Max-Age, Expires, Secure, HttpOnly, SameSite and the __Host- prefix rules; `Max-Age=0`
 * deletes), sends `Cookie` by fetch's `credentials` mode ("omit", "same-origin" by default,
 * "include"), and on every request the `Origin` of the page and its `Sec-Fetch-Site`.
 * HttpOnly only hides a cookie from page scripts; the jar stays inspectable for assertions.
 * Only loopback http URLs are expected, which browsers treat as secure for Secure cookies.
 */

export interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  /** ms since the epoch; null for a session cookie */
  expires: number | null;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string | undefined;
  /** The attributes as the server sent them, lower-cased names. */
  attributes: Record<string, string>;
}

export interface BrowserFetch {
  fetch: typeof fetch;
  /** The live cookies for a host name (default: every host; like browsers, cookies ignore ports). */
  cookies(host?: string): StoredCookie[];
  cookie(name: string): StoredCookie | undefined;
}

export function createBrowserFetch({
  origin,
  fetch: send = fetch,
  now = Date.now,
}: {
  /** The page's origin, e.g. the API's own origin for a same-origin web app. */
  origin: string;
  fetch?: typeof fetch;
  now?: () => number;
}): BrowserFetch {
  const page = new URL(origin);
  let jar: StoredCookie[] = [];
  const live = () => (jar = jar.filter((c) => c.expires === null || c.expires > now()));

  function store(url: URL, header: string): void {
    const [pair = "", ...attributeParts] = header.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const attributes: Record<string, string> = {};
    for (const part of attributeParts) {
      const [key = "", ...rest] = part.split("=");
      attributes[key.trim().toLowerCase()] = rest.join("=").trim();
    }
    const secure = "secure" in attributes;
    const path = attributes.path?.startsWith("/") ? attributes.path : defaultPath(url);
    // Cookie prefixes (RFC 6265bis 4.1.3): a cookie that breaks them is ignored.
    if (name.startsWith("__Secure-") && !secure) return;
    if (name.startsWith("__Host-") && (!secure || path !== "/" || "domain" in attributes)) return;
    if ("domain" in attributes) throw new Error(`browser-fetch: Domain cookies are not emulated (${name})`);
    let expires: number | null = null;
    if ("max-age" in attributes) expires = now() + Number(attributes["max-age"]) * 1000;
    else if ("expires" in attributes) expires = Date.parse(attributes.expires!);
    jar = jar.filter((c) => !(c.name === name && c.host === url.hostname && c.path === path));
    if (expires !== null && !(expires > now())) return; // Max-Age=0 or a date gone: deleted
    const sameSite = attributes.samesite?.toLowerCase();
    jar.push({ name, value, host: url.hostname, path, expires, secure, httpOnly: "httponly" in attributes, sameSite, attributes });
  }

  const browserFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof input !== "string" && !(input instanceof URL)) throw new Error("browser-fetch: pass a URL, not a Request");
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const site = fetchSite(page, url);
    const mode = init.credentials ?? "same-origin";
    const withCredentials = mode === "include" || (mode === "same-origin" && site === "same-origin");
    headers.set("origin", page.origin);
    headers.set("sec-fetch-site", site);
    headers.delete("cookie");
    if (withCredentials) {
      // SameSite Strict, Lax and unset (Lax by default) stay home on a cross-site fetch.
      const sent = live().filter(
        (c) => c.host === url.hostname && pathMatches(url.pathname, c.path) && (site !== "cross-site" || c.sameSite === "none"),
      );
      if (sent.length > 0) headers.set("cookie", sent.map((c) => `${c.name}=${c.value}`).join("; "));
    }
    const response = await send(url, { ...init, headers });
    if (withCredentials) for (const header of response.headers.getSetCookie()) store(url, header);
    return response;
  };

  return {
    fetch: browserFetch as typeof fetch,
    cookies: (host) => live().filter((c) => host === undefined || c.host === host),
    cookie: (name) => live().find((c) => c.name === name),
  };
}

/** Sec-Fetch-Site: a site is scheme + host here (no registrable-domain folding for loopback). */
function fetchSite(page: URL, target: URL): "same-origin" | "same-site" | "cross-site" {
  if (page.origin === target.origin) return "same-origin";
  return page.protocol === target.protocol && page.hostname === target.hostname ? "same-site" : "cross-site";
}

function defaultPath(url: URL): string {
  const last = url.pathname.lastIndexOf("/");
  return last <= 0 ? "/" : url.pathname.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath) && (cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/");
}
