import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ME, registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

let dev: TestApp;
let prod: TestApp;
beforeAll(async () => {
  [dev, prod] = await Promise.all([createTestApp(), createTestApp({ NODE_ENV: "production", MAIL: "off" })]);
});
afterAll(async () => {
  await Promise.all([dev.stop(), prod.stop()]);
});

type ErrorBody = { errors: { extensions: { code: string } }[] };
const base = (app: TestApp) => app.url.replace(/\/graphql$/, "");

describe("GET /healthz", () => {
  it("answers 200 {status: ok} while the database answers", async () => {
    const res = await fetch(`${base(dev)}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("logs a healthy poll at debug, not at info", async () => {
    const before = dev.logs.length;
    await fetch(`${base(dev)}/healthz`);
    const lines = dev.logs.slice(before).filter((l) => l.event === "http.request" && l.path === "/healthz");
    expect(lines.map((l) => l.level)).toEqual([20]);
  });

  it("answers 503 when the database does not", async () => {
    const app = await createTestApp();
    try {
      await app.orm.close(true);
      const res = await fetch(`${base(app)}/healthz`);
      expect(res.status).toBe(503);
    } finally {
      await app.stop().catch(() => {});
    }
  });
});

describe("GET /.well-known/jwks.json", () => {
  it("publishes an empty key set with HS256, cacheable", async () => {
    const res = await fetch(`${base(dev)}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keys: [] });
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
  });
});

describe("queries over GET", () => {
  const getUrl = (query: string) => {
    const url = new URL(dev.url);
    url.searchParams.set("query", query);
    return url;
  };

  it("answers a GET query that carries a preflight header, as Apollo Client and urql (with fetchOptions) send it", async () => {
    const cases: Record<string, string>[] = [
      { "apollo-require-preflight": "true" },
      { "content-type": "application/json" },
      { "x-apollo-operation-name": "P" },
    ];
    for (const headers of cases) {
      const res = await fetch(getUrl("query P { products(first: 1) { totalCount } }"), { headers });
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(((await res.json()) as any).data.products.totalCount).toEqual(expect.any(Number));
    }
  });

  it("refuses a GET query without one (a possible CSRF) with a message that says what to send", async () => {
    const res = await fetch(getUrl("{ products { totalCount } }"));
    expect(res.status).toBe(400);
    const error = ((await res.json()) as any).errors[0];
    expect(error.extensions).toEqual({ code: "BAD_REQUEST", reason: "CSRF_PREFLIGHT_REQUIRED" });
    expect(error.message).toContain("apollo-require-preflight: true");
    expect(error.message).toContain("fetchOptions");
  });

  it("refuses a mutation over GET, header or not", async () => {
    const res = await fetch(getUrl("mutation { logout }"), { headers: { "apollo-require-preflight": "true" } });
    expect(res.status).toBe(405);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
  });
});

describe("the GraphQL endpoint", () => {
  it("serves the Apollo Sandbox landing page to browsers outside production", async () => {
    const res = await fetch(dev.url, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/sandbox/i);
  });

  it("serves no landing page in production", async () => {
    const res = await fetch(prod.url, { headers: { accept: "text/html" } });
    expect(res.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
  });

  it("answers introspection outside production and refuses it in production", async () => {
    const query = `{ __schema { queryType { name } } }`;
    expect((await gql(dev.url, query)).body.data?.__schema.queryType.name).toBe("Query");
    const res = await gql(prod.url, query);
    expect(codeOf(res)).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.data ?? null).toBeNull();
  });

  it("sends nosniff and no-store on every response", async () => {
    for (const url of [dev.url, `${base(dev)}/healthz`]) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{__typename}"}' });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("refuses a body over 100 KB with 413 and keeps serving", async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: "x".repeat(110 * 1024) } });
    const res = await fetch(dev.url, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).errors[0]!.extensions.code).toBe("PAYLOAD_TOO_LARGE");
    expect((await gql(dev.url, `{ __typename }`)).status).toBe(200);
  });

  it("answers malformed JSON with 400 and a GraphQL-shaped error", async () => {
    const res = await fetch(dev.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.errors[0]!.extensions.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js|stack/);
  });

  it("refuses mutations over GET", async () => {
    const query = encodeURIComponent(`mutation { logout(refreshToken: "x") }`);
    const res = await fetch(`${dev.url}?query=${query}`, { headers: { "apollo-require-preflight": "1" } });
    expect(res.status).toBe(405);
  });

  it("keeps CSRF prevention on: a simple cross-site POST is refused", async () => {
    const res = await fetch(dev.url, { method: "POST", headers: { "content-type": "text/plain" }, body: '{"query":"{__typename}"}' });
    expect(res.status).toBe(400);
  });

  it("answers unknown paths with 404", async () => {
    expect((await fetch(`${base(dev)}/nope`)).status).toBe(404);
  });
});

describe("unexpected errors", () => {
  it("become INTERNAL_SERVER_ERROR with a generic message, logged in full on the server", async () => {
    const app = await createTestApp({ NODE_ENV: "production", MAIL: "off" });
    try {
      const reg = await registerUser(app);
      await app.orm.close(true);
      for (const res of [
        await gql(app.url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: reg.user.username, password: "whatever!" } }),
        await gql(app.url, ME, {}, { token: reg.accessToken }),
      ]) {
        expect(res.body.errors?.[0]).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
        const text = JSON.stringify(res.body);
        expect(text).not.toMatch(/stacktrace|select|sqlite|\.ts:\d+/i);
        expect(text).not.toContain(reg.accessToken);
      }
      expect(app.logs.some((l) => l.level === 50)).toBe(true);
    } finally {
      await app.stop().catch(() => {});
    }
  });

  it("carry no stack trace in development either: expected errors and refused documents", async () => {
    const reg = await registerUser(dev);
    for (const res of [
      await gql(dev.url, ME),
      await gql(dev.url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: reg.user.username, password: "wrong password!" } }),
      await gql(dev.url, `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, { t: "A".repeat(43) }),
      await gql(dev.url, "{ nope }"),
      await gql(dev.url, "{ me { id } "),
    ]) {
      expect(res.body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|\bat .*\.(ts|js):\d+/);
    }
  });

  it("carry no stack trace in production even for expected errors", async () => {
    const res = await gql(prod.url, ME);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(res.body.errors?.[0]?.extensions).not.toHaveProperty("stacktrace");
  });
});

/** A request written by hand on a socket (fetch always sends a valid Host); the status line and body. */
function rawRequest(app: TestApp, head: string, body = ""): Promise<{ status: number; body: string }> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => socket.end(`${head}\r\n\r\n${body}`));
    let text = "";
    socket.on("data", (chunk) => (text += chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), body: text.split("\r\n\r\n")[1] ?? "" }));
  });
}

describe("client mistakes are client errors, not internal ones", () => {
  const document = JSON.stringify({ query: "{ __typename }" });
  const errorLines = (app: TestApp) => app.logs.filter((line) => Number(line.level) >= 50);

  it.each([
    ["HTTP/1.0 without a Host header", `POST /graphql HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${document.length}`],
    ["a Host header that is no host", `POST /graphql HTTP/1.1\r\nHost: a b\r\nContent-Type: application/json\r\nContent-Length: ${document.length}\r\nConnection: close`],
  ])("answers %s with 400 and a clear message, logged below error level", async (_what, head) => {
    const before = errorLines(dev).length;
    const res = await rawRequest(dev, head, document);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ errors: [{ message: "The request needs a valid Host header (and X-Forwarded-Host and -Proto, from a trusted proxy)", extensions: { code: "BAD_REQUEST" } }] });
    expect(errorLines(dev).length).toBe(before);
  });

  it("answers a trusted proxy's X-Forwarded-Proto or -Host that makes no URL with 400, not 500", async () => {
    const proxied = await createTestApp({ TRUST_PROXY: "true" });
    try {
      const cases: Record<string, string>[] = [{ "x-forwarded-proto": "x y" }, { "x-forwarded-proto": "1" }, { "x-forwarded-host": "a b" }];
      for (const headers of cases) {
        const res = await gql(proxied.url, "{ __typename }", {}, { headers });
        expect(res.status, JSON.stringify(headers)).toBe(400);
        expect(codeOf(res)).toBe("BAD_REQUEST");
      }
      expect(proxied.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
    } finally {
      await proxied.stop();
    }
  });

  it("answers a subscription with 400 GRAPHQL_VALIDATION_FAILED: this API has none", async () => {
    const before = errorLines(dev).length;
    const res = await gql(dev.url, "subscription { me { id } }");
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.errors?.[0]?.message).toMatch(/no subscription operations/);
    expect(errorLines(dev).length).toBe(before);
  });
});
