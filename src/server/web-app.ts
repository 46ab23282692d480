import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { loadWebFiles, type Encoding, type WebFile } from "./web-files.js";

/**
 * The built web app at `/`: its files from memory (web-files.ts), and index.html for any
 * other page a browser asks for (the app routes on the client: /cart, /products/:id).
 */

/** The page's own: every script and style is a file of ours, nothing is inlined. */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Hashed names change with their content: a browser keeps them for a year without asking. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/** The API's paths are never the web app's, not even as a fallback page. */
const API_PATHS = /^\/(?:graphql|healthz)(?:\/|$)|^\/\.well-known\//;

/** Mounts the app from `dir`; without a build (no index.html) warns once and serves the API alone. */
export function mountWebApp(app: FastifyInstance, { dir, logger }: { dir: string; logger: Logger }): void {
  const files = loadWebFiles(dir);
  if (!files) {
    logger.warn({ event: "web.not_built", dir }, `The web app is not built (no ${dir}/index.html, or files it loads are missing): serving the API alone; run \`npm run build\``);
    return;
  }
  const index = files.get("/index.html")!;
  // GET routes answer HEAD too (Fastify's exposeHeadRoutes), with the same headers and no body.
  app.get("/*", async (request, reply) => {
    const path = requestPath(request.url);
    if (path === null || API_PATHS.test(path)) return reply.callNotFound();
    const file = path === "/" ? index : files.get(path);
    if (file) return send(request, reply, file, path.startsWith("/assets/") ? IMMUTABLE : "no-cache");
    if (path.startsWith("/assets/") || !acceptsHtml(request.headers.accept)) return reply.callNotFound();
    // Which page comes back depends on Accept too, for caches between us and the browser.
    reply.header("vary", "accept, accept-encoding");
    return send(request, reply, index, "no-cache");
  });
}

function send(request: FastifyRequest, reply: FastifyReply, file: WebFile, cacheControl: string) {
  const encoding = encodingFor(request.headers["accept-encoding"], file);
  const body = file.bodies[encoding]!;
  reply.header("cache-control", cacheControl).header("etag", body.etag);
  if (!reply.hasHeader("vary") && (file.bodies.br || file.bodies.gzip)) reply.header("vary", "accept-encoding");
  if (file.type.startsWith("text/html")) reply.header("content-security-policy", PAGE_CSP);
  if (matchesEtag(request.headers["if-none-match"], body.etag)) return reply.code(304).send();
  if (encoding !== "identity") reply.header("content-encoding", encoding);
  return reply.type(file.type).send(body.bytes);
}

/**
 * The decoded path of a request (query string dropped), or null for one that could mean
 * another file than it names: `..`, an encoded slash or backslash, NUL, bad encoding.
 */
function requestPath(url: string): string | null {
  const raw = url.split("?")[0]!;
  // A decoded %2F would join two segments into one; a backslash is caught once decoded.
  if (/%2f/i.test(raw)) return null;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (path.includes("\0") || path.includes("\\") || path.split("/").includes("..")) return null;
  return path;
}

/** Whether an Accept header lists text/html (as page loads do; fetch's default `*\/*` does not). */
function acceptsHtml(accept = ""): boolean {
  return accept.split(",").some((range) => {
    const [type, ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    return type === "text/html" && !params.some((param) => /^q=0(?:\.0*)?$/.test(param));
  });
}

/** br when the client takes it, then gzip, else the file as it is. */
function encodingFor(acceptEncoding = "", file: WebFile): Encoding {
  const weights = new Map<string, number>();
  for (const coding of acceptEncoding.split(",")) {
    const [name, ...params] = coding.split(";").map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    if (name) weights.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const accepts = (name: string) => (weights.get(name) ?? weights.get("*") ?? 0) > 0;
  if (file.bodies.br && accepts("br")) return "br";
  if (file.bodies.gzip && accepts("gzip")) return "gzip";
  return "identity";
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix does not matter. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const candidate = tag.trim().replace(/^W\//, "");
    return candidate === "*" || candidate === etag;
  });
}
