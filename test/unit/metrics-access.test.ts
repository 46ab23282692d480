import type { FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { bearerMatches, digest, isLoopback, scrapeAccess } from "../../src/server/metrics-route.js";

const TOKEN = "9b1c6e0f4a7d2b8e5c3f1a6d9e0b4c7a";

/** What scrapeAccess reads of a request: the TCP peer and the headers. */
const request = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as FastifyRequest;

describe("isLoopback", () => {
  it.each(["127.0.0.1", "127.1.2.3", "127.255.255.254", "::1", "::ffff:127.0.0.1", "::FFFF:127.9.9.9"])("takes %s", (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(["10.0.0.1", "192.168.1.10", "203.0.113.5", "::ffff:10.0.0.1", "::2", "fe80::1", "0.0.0.0", "128.0.0.1", "127.0.0.1.evil", "", undefined])(
    "refuses %j",
    (address) => {
      expect(isLoopback(address)).toBe(false);
    },
  );
});

describe("bearerMatches", () => {
  const expected = digest(TOKEN);

  it("takes the token as a bearer, the scheme in any case", () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, expected)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, expected)).toBe(true);
  });

  it("refuses another token, a prefix of it, another scheme, or none", () => {
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}x`, expected)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, 16)}`, expected)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN}${TOKEN}`, expected)).toBe(false);
    expect(bearerMatches(`Basic ${TOKEN}`, expected)).toBe(false);
    expect(bearerMatches(TOKEN, expected)).toBe(false);
    expect(bearerMatches("", expected)).toBe(false);
    expect(bearerMatches(undefined, expected)).toBe(false);
  });
});

describe("scrapeAccess without METRICS_TOKEN", () => {
  it("serves a loopback peer", () => {
    expect(scrapeAccess(request("127.0.0.1"), null)).toBe("allowed");
    expect(scrapeAccess(request("::1"), null)).toBe("allowed");
  });

  it("refuses any other peer, whatever it sends", () => {
    expect(scrapeAccess(request("203.0.113.5"), null)).toBe("forbidden");
    expect(scrapeAccess(request("203.0.113.5", { "x-forwarded-for": "127.0.0.1" }), null)).toBe("forbidden");
    expect(scrapeAccess(request("203.0.113.5", { authorization: `Bearer ${TOKEN}` }), null)).toBe("forbidden");
    expect(scrapeAccess(request(undefined), null)).toBe("forbidden");
  });

  it.each([
    ["x-forwarded-for", "198.51.100.7"],
    ["x-forwarded-for", "127.0.0.1"],
    ["forwarded", "for=198.51.100.7"],
    ["x-real-ip", "198.51.100.7"],
  ])("refuses a loopback peer that forwards for someone (%s: %s): a proxy on the same host", (header, value) => {
    expect(scrapeAccess(request("127.0.0.1", { [header]: value }), null)).toBe("forbidden");
  });
});

describe("scrapeAccess with METRICS_TOKEN", () => {
  const expected = digest(TOKEN);

  it("serves whoever sends the token, from anywhere, through a proxy too", () => {
    expect(scrapeAccess(request("203.0.113.5", { authorization: `Bearer ${TOKEN}` }), expected)).toBe("allowed");
    expect(scrapeAccess(request("127.0.0.1", { authorization: `Bearer ${TOKEN}`, "x-forwarded-for": "198.51.100.7" }), expected)).toBe("allowed");
  });

  it("asks everyone else for it, loopback included (behind a local proxy, every request is loopback)", () => {
    expect(scrapeAccess(request("127.0.0.1"), expected)).toBe("unauthorized");
    expect(scrapeAccess(request("203.0.113.5"), expected)).toBe("unauthorized");
    expect(scrapeAccess(request("127.0.0.1", { authorization: "Bearer wrong-token-of-the-same-length-000" }), expected)).toBe("unauthorized");
  });
});
