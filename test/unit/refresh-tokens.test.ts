import { describe, expect, it } from "vitest";
import { generateRefreshToken, hashRefreshToken, isWellFormedRefreshToken } from "../../src/auth/refresh-tokens.js";

const BASE64URL_43 = /^[A-Za-z0-9_-]{43}$/;

describe("generateRefreshToken", () => {
  it("returns 43 base64url characters without padding", () => {
    expect(generateRefreshToken()).toMatch(BASE64URL_43);
  });

  it("encodes 256 random bits", () => {
    expect(Buffer.from(generateRefreshToken(), "base64url")).toHaveLength(32);
  });

  it("never repeats a token across many", () => {
    const tokens = new Set(Array.from({ length: 10_000 }, generateRefreshToken));
    expect(tokens.size).toBe(10_000);
  });

  it("uses the whole alphabet rather than a fixed pattern", () => {
    const characters = new Set(Array.from({ length: 200 }, generateRefreshToken).join(""));
    expect(characters.size).toBe(64);
  });

  it("passes its own shape check", () => {
    for (let i = 0; i < 100; i++) expect(isWellFormedRefreshToken(generateRefreshToken())).toBe(true);
  });
});

describe("hashRefreshToken", () => {
  it("is SHA-256 in base64url", () => {
    // SHA-256("abc") from FIPS 180-2: ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
    expect(hashRefreshToken("abc")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });

  it("gives the same hash for the same token", () => {
    const token = generateRefreshToken();
    expect(hashRefreshToken(token)).toBe(hashRefreshToken(token));
  });

  it("differs from the token and between tokens", () => {
    const [a, b] = [generateRefreshToken(), generateRefreshToken()];
    expect(hashRefreshToken(a)).not.toBe(a);
    expect(hashRefreshToken(a)).not.toBe(hashRefreshToken(b));
    expect(hashRefreshToken(a)).toMatch(BASE64URL_43);
  });
});

describe("isWellFormedRefreshToken", () => {
  const valid = "A".repeat(21) + "z9_-" + "b".repeat(18);

  it("accepts 43 base64url characters", () => {
    expect(valid).toHaveLength(43);
    expect(isWellFormedRefreshToken(valid)).toBe(true);
  });

  it.each([
    ["the empty string", ""],
    ["42 characters", valid.slice(1)],
    ["44 characters", `${valid}A`],
    ["a +", `${valid.slice(1)}+`],
    ["a /", `${valid.slice(1)}/`],
    ["= padding", `${valid}=`],
    ["a leading space", ` ${valid.slice(1)}`],
    ["a trailing newline", `${valid}\n`],
    ["a non-ASCII letter", `${valid.slice(1)}é`],
    ["a JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"],
  ])("refuses %s", (_label, token) => {
    expect(isWellFormedRefreshToken(token)).toBe(false);
  });
});
