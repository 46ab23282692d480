import { describe, expect, it } from "vitest";
import { cookieTransportProblem, fromTrustedOrigin, publicUrlOf, trustedOrigins } from "../../src/server/origins.js";

describe("trustedOrigins", () => {
  it("trusts every loopback name of a loopback listener without PUBLIC_URL, and CORS_ORIGINS", () => {
    const origins = trustedOrigins(null, new URL("http://127.0.0.1:4000"), ["https://app.example.com"]);
    expect([...origins].sort()).toEqual(
      ["http://127.0.0.1:4000", "http://[::1]:4000", "http://localhost:4000", "https://app.example.com"].sort(),
    );
  });

  it("trusts only PUBLIC_URL's origin (and CORS_ORIGINS) when it is set", () => {
    const origins = trustedOrigins("https://shop.example.com/app", new URL("http://127.0.0.1:4000"), []);
    expect([...origins]).toEqual(["https://shop.example.com"]);
  });

  it("trusts a non-loopback listener by its own address only", () => {
    expect([...trustedOrigins(null, new URL("http://10.1.2.3:4000"), [])]).toEqual(["http://10.1.2.3:4000"]);
  });
});

describe("publicUrlOf", () => {
  it("is PUBLIC_URL, else the listening address, a wildcard one as localhost", () => {
    expect(publicUrlOf("https://shop.example.com", new URL("http://0.0.0.0:4000"))).toBe("https://shop.example.com");
    expect(publicUrlOf(null, new URL("http://127.0.0.1:4000"))).toBe("http://127.0.0.1:4000");
    expect(publicUrlOf(null, new URL("http://0.0.0.0:8080"))).toBe("http://localhost:8080");
    expect(publicUrlOf(null, new URL("http://[::1]:8080"))).toBe("http://[::1]:8080");
  });
});

describe("fromTrustedOrigin", () => {
  const trusted = new Set(["http://localhost:4000"]);
  it.each([
    [{ origin: "http://localhost:4000" }, true],
    [{ referer: "http://localhost:4000/cart?x=1" }, true],
    [{ origin: "http://localhost:4000", "sec-fetch-site": "same-origin" }, true],
    [{ origin: "http://localhost:4000", "sec-fetch-site": "cross-site" }, false],
    [{ origin: "http://localhost:4001" }, false],
    [{ origin: "null" }, false],
    [{ origin: "https://evil.example", referer: "http://localhost:4000/" }, false],
    [{ referer: "not a url" }, false],
    [{}, false],
  ])("%j -> %s", (headers, expected) => {
    expect(fromTrustedOrigin(headers, trusted)).toBe(expected);
  });
});

describe("cookieTransportProblem", () => {
  it("is none over https and on loopback, a reason over plain http elsewhere", () => {
    expect(cookieTransportProblem("https://shop.example.com")).toBeNull();
    expect(cookieTransportProblem("http://127.0.0.1:4000")).toBeNull();
    expect(cookieTransportProblem("http://localhost:4000")).toBeNull();
    expect(cookieTransportProblem("http://[::1]:4000")).toBeNull();
    expect(cookieTransportProblem("http://shop.example.com")).toMatch(/PUBLIC_URL http:\/\/shop\.example\.com is plain http/);
    expect(cookieTransportProblem("http://10.0.0.5:4000")).toMatch(/https/);
  });
});
