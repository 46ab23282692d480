import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/**
 * The built web app (dist/web), read into memory once at start: a few hundred KB. Requests
 * are answered from the map alone, so no request path ever reaches the filesystem.
 */

export type Encoding = "br" | "gzip" | "identity";

export interface WebFile {
  /** The Content-Type header. */
  type: string;
  /** identity always; br and gzip for compressible types, when smaller. */
  bodies: { identity: Body; br?: Body; gzip?: Body };
}

export interface Body {
  bytes: Buffer;
  /** Strong, so it names one representation: each content coding has its own. */
  etag: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
};

// Source maps (.map) are fetched by devtools alone: compressing their megabytes would only slow the start.
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".txt", ".xml", ".svg", ".ico", ".ttf", ".wasm"]);

/**
 * The files under `dir` keyed by URL path (`/index.html`, `/assets/app-1a2b.js`); null when
 * there is no index.html (not built), or when a file it loads is missing (a build that was
 * interrupted): such a page would be blank.
 */
export function loadWebFiles(dir: string): Map<string, WebFile> | null {
  if (!existsSync(join(dir, "index.html"))) return null;
  const index = readFileSync(join(dir, "index.html"), "utf8");
  const loads = [...index.matchAll(/\b(?:src|href)="\/([^"?#]+)"/g)].map((match) => match[1]!);
  if (loads.some((path) => !existsSync(join(dir, path)))) return null;
  const files = new Map<string, WebFile>();
  const walk = (folder: string, urlPath: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, `${urlPath}${entry.name}/`);
      else if (entry.isFile()) files.set(`${urlPath}${entry.name}`, webFile(entry.name, readFileSync(path)));
    }
  };
  walk(dir, "/");
  return files;
}

function webFile(name: string, body: Buffer): WebFile {
  const ext = extname(name).toLowerCase();
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  const file: WebFile = { type: TYPES[ext] ?? "application/octet-stream", bodies: { identity: { bytes: body, etag: `"${hash}"` } } };
  if (!COMPRESSIBLE.has(ext)) return file;
  const compressed = {
    // Quality 9 is within ~10% of brotli's best at a tenth of its time (11 takes ~2.5 s per MB).
    br: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
    gzip: gzipSync(body, { level: 9 }),
  };
  for (const encoding of ["br", "gzip"] as const) {
    if (compressed[encoding].length < body.length) {
      file.bodies[encoding] = { bytes: compressed[encoding], etag: `"${hash}-${encoding}"` };
    }
  }
  return file;
}

/**
 * `<package root>/dist/web`, from src/server (tsx, vitest) and dist/src/server (compiled)
 * alike: the nearest folder up with a package.json, past any dist/ (tsc copies a
 * package.json there once something imports it).
 */
export function defaultWebAppDir(from = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json")) || basename(dir) === "dist") {
    // No package root at all: a folder that holds no build, so the start warns web.not_built.
    if (dirname(dir) === dir) return join(from, "dist/web");
    dir = dirname(dir);
  }
  return join(dir, "dist/web");
}
