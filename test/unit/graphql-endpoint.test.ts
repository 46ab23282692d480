import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { directGraphQL, type GraphQLHttpRequest } from "../../src/server/graphql-endpoint.js";
import { createLogger } from "../../src/lib/logger.js";

/** Which requests the direct door takes (the rest go to Fastify), and what it hands the responder. */

const silent = createLogger("silent");

function setup({ cors = false, trustProxy = false } = {}) {
  const seen: GraphQLHttpRequest[] = [];
  const handle = directGraphQL({
    respond: async (request) => {
      seen.push(request);
      return { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"data":{}}' };
    },
    access: silent,
    logger: silent,
    bodyLimit: 100,
    cors,
    trustProxy,
  });
  return { handle, seen };
}

function request(method: string, url: string, headers: Record<string, string>, body?: string) {
  const req = Object.assign(new EventEmitter(), { method, url, headers, socket: { remoteAddress: "127.0.0.9" } });
  const written: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  const ended = new Promise<void>((resolve) => {
    Object.assign(written, {});
    (req as unknown as { res: unknown }).res = {
      once: () => undefined,
      writeHead: (status: number, h: Record<string, unknown>) => Object.assign(written, { status, headers: h }),
      end: (text: string) => {
        written.body = text;
        resolve();
      },
    };
  });
  const send = () => {
    if (body !== undefined) {
      req.emit("data", Buffer.from(body));
      req.emit("end");
    }
  };
  return { req: req as unknown as IncomingMessage, res: (req as unknown as { res: ServerResponse }).res, send, written, ended };
}

const JSON_POST = { host: "api.example.com", "content-type": "application/json", "content-length": "20" };

describe("the direct /graphql door", () => {
  it("takes a POST of JSON with a length within the limit, and hands the responder the parsed body and the peer", async () => {
    const { handle, seen } = setup();
    const r = request("POST", "/graphql", JSON_POST, '{"query":"{ a }"}');
    expect(handle(r.req, r.res)).toBe(true);
    r.send();
    await r.ended;
    expect(seen).toEqual([expect.objectContaining({ method: "POST", search: "", body: { query: "{ a }" }, ip: "127.0.0.9" })]);
    expect(r.written.status).toBe(200);
    expect(r.written.headers).toMatchObject({ "x-content-type-options": "nosniff", "cache-control": "no-store", "x-request-id": seen[0]!.requestId });
  });

  it("takes a GET of /graphql with its query string", async () => {
    const { handle, seen } = setup();
    const r = request("GET", "/graphql?query=%7Ba%7D", { host: "localhost:4000" });
    expect(handle(r.req, r.res)).toBe(true);
    await r.ended;
    expect(seen[0]).toMatchObject({ method: "GET", search: "?query=%7Ba%7D", body: undefined });
  });

  it("answers malformed JSON itself, with 400 BAD_REQUEST, without calling the responder", async () => {
    const { handle, seen } = setup();
    const r = request("POST", "/graphql", JSON_POST, "{nope");
    handle(r.req, r.res);
    r.send();
    await r.ended;
    expect(r.written.status).toBe(400);
    expect(JSON.parse(r.written.body!).errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(seen).toEqual([]);
  });

  it.each([
    ["another path", "POST", "/graphql/", JSON_POST],
    ["a query string on a POST", "POST", "/graphql?x=1", JSON_POST],
    ["another method", "PUT", "/graphql", JSON_POST],
    ["a chunked body", "POST", "/graphql", { ...JSON_POST, "transfer-encoding": "chunked" }],
    ["no length", "POST", "/graphql", { host: "a", "content-type": "application/json" }],
    ["an empty body", "POST", "/graphql", { ...JSON_POST, "content-length": "0" }],
    ["a body over the limit", "POST", "/graphql", { ...JSON_POST, "content-length": "101" }],
    ["another content type", "POST", "/graphql", { ...JSON_POST, "content-type": "text/plain" }],
    ["a content type that only starts like JSON", "POST", "/graphql", { ...JSON_POST, "content-type": "application/jsonx" }],
    ["no Host", "POST", "/graphql", { "content-type": "application/json", "content-length": "20" }],
    ["a Host that makes no URL", "POST", "/graphql", { ...JSON_POST, host: "a b" }],
    ["a GET with a body", "GET", "/graphql", { host: "a", "content-length": "3" }],
  ])("leaves %s to Fastify", (_what, method, url, headers) => {
    const { handle } = setup();
    const r = request(method, url, headers as Record<string, string>);
    expect(handle(r.req, r.res)).toBe(false);
  });

  it("leaves a request that names an Origin to Fastify when CORS is on (only then)", () => {
    const headers = { ...JSON_POST, origin: "https://app.example.com" };
    expect(setup({ cors: true }).handle(request("POST", "/graphql", headers).req, {} as ServerResponse)).toBe(false);
    expect(setup({ cors: false }).handle(request("POST", "/graphql", headers).req, {} as ServerResponse)).toBe(true);
  });

  it("leaves a request with X-Forwarded-* headers to Fastify when TRUST_PROXY is set (only then)", () => {
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"]) {
      const headers = { ...JSON_POST, [name]: "203.0.113.7" };
      expect(setup({ trustProxy: true }).handle(request("POST", "/graphql", headers).req, {} as ServerResponse)).toBe(false);
      expect(setup({ trustProxy: false }).handle(request("POST", "/graphql", headers).req, {} as ServerResponse)).toBe(true);
    }
  });
});

describe("the direct door when the responder fails", () => {
  it("answers 500 INTERNAL_SERVER_ERROR with the request id, and logs it", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger("info", { write: (line: string) => lines.push(JSON.parse(line)) });
    const handle = directGraphQL({
      respond: async () => {
        throw new Error("boom");
      },
      access: silent,
      logger,
      bodyLimit: 100,
      cors: false,
      trustProxy: false,
    });
    const r = request("POST", "/graphql", JSON_POST, '{"query":"{ a }"}');
    handle(r.req, r.res);
    r.send();
    await r.ended;
    expect(r.written.status).toBe(500);
    const error = JSON.parse(r.written.body!).errors[0];
    expect(error).toEqual({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId: r.written.headers!["x-request-id"] } });
    expect(lines).toEqual([expect.objectContaining({ msg: "http.unexpected_error", requestId: r.written.headers!["x-request-id"] })]);
  });

  it("ends the connection, without an unhandled rejection, when even the answer cannot be written", async () => {
    const handle = directGraphQL({
      respond: async () => ({ status: 200, headers: { "x-bad": "a\nb" }, body: "{}" }),
      access: silent,
      logger: silent,
      bodyLimit: 100,
      cors: false,
      trustProxy: false,
    });
    const r = request("POST", "/graphql", JSON_POST, '{"query":"{ a }"}');
    const destroyed = new Promise<void>((resolve) => {
      Object.assign(r.res, {
        writeHead: () => {
          throw new TypeError("Invalid character in header content");
        },
        destroy: resolve,
      });
    });
    handle(r.req, r.res);
    r.send();
    await destroyed;
  });
});
