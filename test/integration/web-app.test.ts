import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/** The built web app at `/` (src/server/web-app.ts), served from a fixture build. */

const INDEX = `<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script>
<link rel="stylesheet" href="/assets/app-abc123.css"></head><body><div id="root"></div></body></html>`;
// Long and repetitive enough that compression pays.
const SCRIPT = `console.log("the shop");\n`.repeat(200);
const STYLE = `body { margin: 0; font-family: system-ui; }\n`.repeat(100);

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

let dir: string;
let app: TestApp;
let base: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "web-app-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), INDEX);
  writeFileSync(join(dir, "assets/app-abc123.js"), SCRIPT);
  writeFileSync(join(dir, "assets/app-abc123.css"), STYLE);
  app = await createTestApp({}, { webAppDir: dir });
  base = app.url.replace(/\/graphql$/, "");
});
afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

const page = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8", ...headers } });

type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** fetch decompresses, and resolves `..` and `%2e%2e` away: this sends the path and reads the body as they are. */
function raw(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    // The path as an option, not in a URL: a URL would resolve `..` and `%2e%2e` first.
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function expectNotFoundJson(res: Response) {
  expect(res.status).toBe(404);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]!.extensions.code).toBe("NOT_FOUND");
}

describe("the page", () => {
  it("serves index.html at / with the page's CSP, no-cache and an ETag", async () => {
    const res = await page("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toBe(INDEX);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toBe(CSP);
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("etag")).toMatch(/^"[\w-]+"$/);
  });

  it("keeps the headers every response has", async () => {
    const res = await page("/");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("answers 304 without a body to If-None-Match with its ETag, and 200 to another", async () => {
    const etag = (await page("/")).headers.get("etag")!;
    const cached = await page("/", { "if-none-match": etag });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
    expect(cached.headers.get("etag")).toBe(etag);
    expect((await page("/", { "if-none-match": `W/${etag}` })).status).toBe(304);
    expect((await page("/", { "if-none-match": `"other", ${etag}` })).status).toBe(304);
    expect((await page("/", { "if-none-match": "*" })).status).toBe(304);
    expect((await page("/", { "if-none-match": '"something-else"' })).status).toBe(200);
  });

  it("serves /index.html by its name too", async () => {
    const res = await page("/index.html?v=2");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
  });
});

describe("assets", () => {
  it("serves hashed files with a year-long immutable cache and their content types", async () => {
    const js = await fetch(`${base}/assets/app-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await js.text()).toBe(SCRIPT);
    const css = await fetch(`${base}/assets/app-abc123.css?x=1`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await css.text()).toBe(STYLE);
    expect(css.headers.get("content-security-policy")).toBeNull();
  });

  it("sends brotli when the client takes it, else gzip, else the file as it is, each with its length", async () => {
    const br = await raw("/assets/app-abc123.js", { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    const gzip = await raw("/assets/app-abc123.js", { "accept-encoding": "gzip, br;q=0" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
    const plain = await raw("/assets/app-abc123.js", {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    for (const res of [br, gzip, plain]) {
      expect(res.headers.vary).toBe("accept-encoding");
      expect(Number(res.headers["content-length"])).toBe(res.body.length);
    }
    expect(br.body.length).toBeLessThan(plain.body.length);
    // Each coding is a representation of its own, so a strong ETag of its own.
    expect(new Set([br, gzip, plain].map((res) => res.headers.etag)).size).toBe(3);
  });

  it("answers 404 JSON for an unknown asset, even to a page load", async () => {
    await expectNotFoundJson(await page("/assets/missing.js"));
  });
});

describe("the fallback to index.html", () => {
  it.each(["/cart", "/products/abc", "/account/sessions?page=2"])("serves index.html with the CSP at %s to a page load", async (path) => {
    const res = await page(path);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get("content-security-policy")).toBe(CSP);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    // A cache in between must not answer a JSON client with this page.
    expect(res.headers.get("vary")).toBe("accept, accept-encoding");
  });

  it("keeps the 404 JSON for a client that does not ask for HTML", async () => {
    await expectNotFoundJson(await fetch(`${base}/cart`, { headers: { accept: "application/json" } }));
    await expectNotFoundJson(await fetch(`${base}/cart`));
    await expectNotFoundJson(await page("/cart", { accept: "text/html;q=0, application/json" }));
  });

  it.each(["/%2e%2e/package.json", "/..%2fpackage.json", "/assets/%00", "/%00", "/assets%2fapp-abc123.js", "/a/../cart", "/a%5c..%5ccart"])(
    "never serves %s, not even the page",
    async (path) => {
      const res = await raw(path, { accept: "text/html" });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString()).errors[0].extensions.code).toBe("NOT_FOUND");
    },
  );

  it("refuses a path that does not decode, as before (Fastify's 400)", async () => {
    const res = await raw("/%E0%A4%A", { accept: "text/html" });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("answers POST to a page path with the 404 JSON, as before", async () => {
    await expectNotFoundJson(await fetch(`${base}/cart`, { method: "POST", headers: { accept: "text/html" } }));
  });
});

describe("HEAD", () => {
  it("gives the headers of GET without the body", async () => {
    const get = await raw("/assets/app-abc123.js", { "accept-encoding": "br" });
    const head = await raw("/assets/app-abc123.js", { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ["content-type", "content-encoding", "content-length", "etag", "cache-control", "vary"]) {
      expect(head.headers[name], name).toBe(get.headers[name]);
    }
    const fallback = await raw("/cart", { accept: "text/html" }, "HEAD");
    expect(fallback.status).toBe(200);
    expect(fallback.body.length).toBe(0);
    expect(fallback.headers["content-security-policy"]).toBe(CSP);
  });
});

describe("the API's routes", () => {
  it("still gives Apollo's landing page at GET /graphql to a page load, without the page's CSP", async () => {
    const res = await page("/graphql");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/apollo/i);
    expect(res.headers.get("content-security-policy") ?? "").not.toContain("script-src 'self'");
  });

  it("still answers GraphQL, /healthz and /.well-known/jwks.json as before", async () => {
    const gql = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/html, application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(await gql.json()).toEqual({ data: { __typename: "Query" } });
    const health = await page("/healthz");
    expect(await health.json()).toEqual({ status: "ok" });
    expect(health.headers.get("cache-control")).toBe("no-store");
    expect(await (await page("/.well-known/jwks.json")).json()).toEqual({ keys: [] });
  });

  it.each(["/graphql/", "/healthz/x", "/.well-known/openid-configuration"])("never falls back to the page at %s", async (path) => {
    await expectNotFoundJson(await page(path));
  });
});

describe("without the web app", () => {
  it("serves the API alone with WEB_APP=off: / is the 404 JSON", async () => {
    const off = await createTestApp({ WEB_APP: "off" }, { webAppDir: dir });
    try {
      const offBase = off.url.replace(/\/graphql$/, "");
      await expectNotFoundJson(await fetch(`${offBase}/`, { headers: { accept: "text/html" } }));
      await expectNotFoundJson(await fetch(`${offBase}/assets/app-abc123.js`));
      expect(off.logs.filter((line) => line.event === "web.not_built")).toEqual([]);
    } finally {
      await off.stop();
    }
  });

  it("takes a build whose index.html loads a missing file for no build: the page would be blank", async () => {
    const partial = mkdtempSync(join(tmpdir(), "web-app-partial-"));
    writeFileSync(join(partial, "index.html"), INDEX); // its assets/ never written
    const interrupted = await createTestApp({}, { webAppDir: partial });
    try {
      expect(interrupted.logs.filter((line) => line.event === "web.not_built")).toHaveLength(1);
      await expectNotFoundJson(await fetch(`${interrupted.url.replace(/\/graphql$/, "")}/`, { headers: { accept: "text/html" } }));
    } finally {
      await interrupted.stop();
      rmSync(partial, { recursive: true, force: true });
    }
  });

  it("starts without a build, with one web.not_built warning that says to build, and serves the API", async () => {
    const unbuilt = await createTestApp({}, { webAppDir: join(dir, "not-built") });
    try {
      const unbuiltBase = unbuilt.url.replace(/\/graphql$/, "");
      const warnings = unbuilt.logs.filter((line) => line.event === "web.not_built");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.level).toBe(40);
      expect(String(warnings[0]!.msg)).toContain("npm run build");
      await expectNotFoundJson(await fetch(`${unbuiltBase}/`, { headers: { accept: "text/html" } }));
      expect((await fetch(`${unbuiltBase}/healthz`)).status).toBe(200);
    } finally {
      await unbuilt.stop();
    }
  });
});
