/**
 * Where to go after signing in: a path of this app only. `?next=//evil.example` is not one,
 * nor `/\\evil.example` or `/\t/evil.example` (URL parsers drop tabs and newlines, and read
 * a backslash as a slash): the candidate is resolved as the browser would, and kept only
 * if it stays on this origin.
 */
export function safeNext(next: string | null, fallback = "/", origin = globalThis.location?.origin ?? "http://app.invalid"): string {
  if (!next || !next.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : fallback;
}
