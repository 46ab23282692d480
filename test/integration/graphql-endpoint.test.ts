import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ME, PASSWORD, registerUser, type Registered } from "../helpers/factories.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * /graphql has two doors: plain requests are answered on node:http directly, the rest by
 * Fastify's route (graphql-endpoint.ts). A request sent with `Transfer-Encoding: chunked`
 * always takes Fastify's; the same request with a Content-Length takes the direct one. Both
 * must answer alike, header for header.
 */

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(app: TestApp, { method = "POST", path = "/graphql", headers = {}, body, chunked = false }: {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  chunked?: boolean;
}): Promise<Reply> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    if (body !== undefined) {
      if (chunked) req.setHeader("transfer-encoding", "chunked");
      else req.setHeader("content-length", Buffer.byteLength(body));
      req.write(body);
    }
    req.end();
  });
}

/** What must not differ between the doors: the status, the body without its request id, the headers that carry meaning. */
function essence(reply: Reply) {
  const { date: _d, "x-request-id": requestId, connection: _c, "keep-alive": _k, "content-length": _l, "transfer-encoding": _t, ...headers } = reply.headers;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const setCookie = headers["set-cookie"]?.map((c) => c.replace(/^([^=]+)=[^;]*/, "$1=<value>"));
  return { status: reply.status, headers: { ...headers, ...(setCookie ? { "set-cookie": setCookie } : {}) }, body: reply.body.replaceAll(requestId as string, "<id>") };
}

const json = { "content-type": "application/json" };

describe.each([
  ["by default", {}],
  // The direct door still takes requests without an Origin or X-Forwarded-* headers, and must add what @fastify/cors would.
  ["with CORS_ORIGINS and TRUST_PROXY", { CORS_ORIGINS: "https://admin.example.com", TRUST_PROXY: "true" }],
])("/graphql's two doors, %s", (_config, env: Record<string, string>) => {
  let app: TestApp;
  let user: Registered;

  beforeAll(async () => {
    app = await createTestApp(env);
    user = await registerUser(app);
  });

  afterAll(async () => {
    await app.stop();
  });

  const documents: [string, () => { headers?: Record<string, string>; body: string }][] = [
    ["a query with a good token", () => ({ headers: { authorization: `Bearer ${user.accessToken}` }, body: JSON.stringify({ query: ME }) })],
    ["a protected query with a bad token (401)", () => ({ headers: { authorization: "Bearer nope" }, body: JSON.stringify({ query: ME }) })],
    ["a document that does not parse", () => ({ body: JSON.stringify({ query: "{ me {" }) })],
    ["malformed JSON", () => ({ body: "{not json" })],
    ["a __proto__ key", () => ({ body: '{"query":"{ __typename }","__proto__":{"x":1}}' })],
    ["a body that is no GraphQL request", () => ({ body: "[1,2]" })],
    ["a cookie sign-in (Set-Cookie)", () => ({
      headers: { referer: `${new URL(app.url).origin}/` },
      body: JSON.stringify({
        query: "mutation($i: LoginInput!) { login(input: $i) { refreshToken user { id } } }",
        variables: { i: { username: user.user.username, password: PASSWORD, refreshTokenTransport: "COOKIE" } },
      }),
    })],
  ];

  it.each(documents)("answer %s alike", async (_what, make) => {
    const { headers = {}, body } = make();
    const direct = await send(app, { headers: { ...json, ...headers }, body });
    const fastify = await send(app, { headers: { ...json, ...headers }, body, chunked: true });
    expect(essence(direct)).toEqual(essence(fastify));
    expect(direct.headers["x-content-type-options"]).toBe("nosniff");
    expect(direct.headers["cache-control"]).toBe("no-store");
  });

  it("answer a GET query alike", async () => {
    const path = `/graphql?query=${encodeURIComponent("{ __typename }")}`;
    const headers = { "apollo-require-preflight": "true" };
    const direct = await send(app, { method: "GET", path, headers });
    // A GET with a body (chunked) is not plain: Fastify answers it.
    const fastify = await send(app, { method: "GET", path, headers, body: "", chunked: true });
    expect(direct.status).toBe(200);
    expect(essence(direct)).toEqual(essence(fastify));
  });

  it("log one access line per request from either door, with the request id the client got", async () => {
    const body = JSON.stringify({ query: "{ __typename }" });
    for (const chunked of [false, true]) {
      const reply = await send(app, { headers: json, body, chunked });
      const line = app.logs.find((l) => l.event === "http.request" && l.requestId === reply.headers["x-request-id"]);
      expect(line).toMatchObject({ method: "POST", path: "/graphql", status: 200 });
    }
  });

  it("leave what is not plain to Fastify: a wrong content type is 415, a body over the limit 413", async () => {
    const wrongType = await send(app, { headers: { "content-type": "application/xml" }, body: "<q/>" });
    expect(wrongType.status).toBe(415);
    const big = JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(110 * 1024) } });
    const tooBig = await send(app, { headers: json, body: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers["x-request-id"]).toBeDefined();
  });
});
