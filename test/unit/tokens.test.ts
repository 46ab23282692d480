import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createKeySet } from "../../src/auth/keys.js";
import { AccessTokenError, TokenService, VERIFIED_TOKENS_KEPT, type TokenProblem } from "../../src/auth/tokens.js";
import { Role } from "../../src/entities/role.js";

const SECRET = "test-secret-that-is-at-least-32-bytes-long";
const OTHER_SECRET = "another-secret-that-is-also-32-bytes-long!";
const ISSUER = "graphql-auth-api";
const AUDIENCE = "graphql-auth-api";
const TTL = 900;
/** A whole second, so iat is exactly T0_S. */
const T0_MS = 1_800_000_000_000;
const T0_S = T0_MS / 1000;

/** A TokenService whose clock the test moves by hand. */
function setup() {
  let nowMs = T0_MS;
  const clock = { now: () => new Date(nowMs) };
  const keys = createKeySet({ algorithm: "HS256", secret: SECRET, privateKey: null, retiredPublicKeys: [] });
  const tokens = new TokenService({ keys, issuer: ISSUER, audience: AUDIENCE, ttl: TTL, clock });
  return {
    tokens,
    setNow: (seconds: number) => {
      nowMs = seconds * 1000;
    },
  };
}

const subject = { userId: randomUUID(), sessionId: randomUUID(), role: Role.USER, authTime: new Date("2025-12-31T23:00:00Z") };

function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split(".")[index] ?? "";
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Claims of a valid access token at T0; tests remove or change one thing. */
function validClaims(): Record<string, unknown> {
  return {
    sub: subject.userId,
    sid: subject.sessionId,
    role: subject.role,
    jti: randomUUID(),
    iat: T0_S,
    exp: T0_S + TTL,
    iss: ISSUER,
    aud: AUDIENCE,
  };
}

/** Signs by hand with jsonwebtoken: the claims as given, no defaults added. */
function signRaw(
  claims: Record<string, unknown>,
  {
    secret = SECRET,
    algorithm = "HS256",
    header = { typ: "at+jwt" },
    noTimestamp = false,
  }: {
    secret?: string;
    algorithm?: jwt.Algorithm;
    header?: Omit<jwt.JwtHeader, "alg">;
    noTimestamp?: boolean;
  } = {},
): string {
  return jwt.sign(claims, secret, { algorithm, header: { alg: algorithm, ...header }, noTimestamp });
}

/** The valid token whose length is closest to `limit` on the given side of it (base64url skips some lengths). */
function paddedToken(side: "atMost" | "above", limit: number): string {
  const sign = (pad: number) => signRaw({ ...validClaims(), pad: "x".repeat(pad) });
  // Each padding character adds 4/3 of a character: start a few short of the limit.
  const start = Math.max(0, Math.floor(((limit - sign(0).length) * 3) / 4) - 8);
  let below: string | undefined;
  for (let pad = start; pad < limit; pad++) {
    const token = sign(pad);
    if (token.length > limit) return side === "above" ? token : (below ?? expect.fail("no token fits"));
    below = token;
  }
  return expect.fail("no padding crosses the limit");
}

function without(claims: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _removed, ...rest } = claims;
  return rest;
}

/** The reason verify gave; fails the test when verify accepts the token. */
function rejectionOf(tokens: TokenService, token: string): TokenProblem {
  try {
    tokens.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(AccessTokenError);
    return (error as AccessTokenError).reason;
  }
  expect.fail("verify accepted the token");
}

describe("TokenService.sign", () => {
  it("issues a token that verifies and carries the subject", () => {
    const { tokens } = setup();
    const { token, expiresIn } = tokens.sign(subject);
    expect(expiresIn).toBe(TTL);
    expect(tokens.verify(token)).toMatchObject({ sub: subject.userId, sid: subject.sessionId, role: "USER" });
  });

  it("puts typ at+jwt and alg HS256 in the header", () => {
    const { token } = setup().tokens.sign(subject);
    expect(decodePart(token, 0)).toEqual({ alg: "HS256", typ: "at+jwt" });
  });

  it("carries exactly sub, sid, role, jti, iat, exp, iss, aud and auth_time", () => {
    const { token } = setup().tokens.sign({ ...subject, role: Role.ADMIN });
    const claims = decodePart(token, 1);
    expect(Object.keys(claims).sort()).toEqual(["aud", "auth_time", "exp", "iat", "iss", "jti", "role", "sid", "sub"]);
    expect(claims).toMatchObject({ sub: subject.userId, sid: subject.sessionId, role: "ADMIN", iss: ISSUER, aud: AUDIENCE });
    expect(claims.auth_time).toBe(Math.floor(subject.authTime.getTime() / 1000));
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("takes iat from the clock and sets exp to iat + ttl", () => {
    const { tokens, setNow } = setup();
    setNow(T0_S + 12_345);
    const claims = decodePart(tokens.sign(subject).token, 1);
    expect(claims.iat).toBe(T0_S + 12_345);
    expect(claims.exp).toBe(T0_S + 12_345 + TTL);
  });

  it("gives every token its own jti", () => {
    const { tokens } = setup();
    const jtis = new Set(Array.from({ length: 20 }, () => decodePart(tokens.sign(subject).token, 1).jti));
    expect(jtis.size).toBe(20);
  });
});

describe("TokenService.verify accepts", () => {
  it("a hand-signed token with every required part (the baseline the rejections below alter)", () => {
    const { tokens } = setup();
    expect(tokens.verify(signRaw(validClaims())).sub).toBe(subject.userId);
  });

  it("typ application/at+jwt and typ in another case", () => {
    const { tokens } = setup();
    expect(tokens.verify(signRaw(validClaims(), { header: { typ: "application/at+jwt" } })).sid).toBe(subject.sessionId);
    expect(tokens.verify(signRaw(validClaims(), { header: { typ: "AT+JWT" } })).sid).toBe(subject.sessionId);
  });

  it("an iat up to 30 s ahead of the clock", () => {
    const { tokens } = setup();
    const claims = { ...validClaims(), iat: T0_S + 30, exp: T0_S + 30 + TTL };
    expect(tokens.verify(signRaw(claims)).iat).toBe(T0_S + 30);
  });

  it("a token just under the 4096-character limit", () => {
    const { tokens } = setup();
    const token = paddedToken("atMost", 4096);
    expect(token.length).toBeGreaterThanOrEqual(4094);
    expect(tokens.verify(token).sub).toBe(subject.userId);
  });
});

describe("TokenService.verify rejects as TOKEN_INVALID", () => {
  it("a token with alg none", () => {
    const { tokens } = setup();
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${encode({ alg: "none", typ: "at+jwt" })}.${encode(validClaims())}.`;
    expect(rejectionOf(tokens, token)).toBe("TOKEN_INVALID");
  });

  it("a token signed with another secret", () => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw(validClaims(), { secret: OTHER_SECRET }))).toBe("TOKEN_INVALID");
  });

  it.each(["HS384", "HS512"] as const)("a token signed with %s and the same secret", (algorithm) => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw(validClaims(), { algorithm }))).toBe("TOKEN_INVALID");
  });

  it("a token with another issuer", () => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw({ ...validClaims(), iss: "someone-else" }))).toBe("TOKEN_INVALID");
  });

  it("a token with another audience", () => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw({ ...validClaims(), aud: "another-api" }))).toBe("TOKEN_INVALID");
  });

  it("a token without typ", () => {
    const { tokens } = setup();
    const token = signRaw(validClaims(), { header: { typ: undefined } });
    expect(decodePart(token, 0)).not.toHaveProperty("typ");
    expect(rejectionOf(tokens, token)).toBe("TOKEN_INVALID");
  });

  it("a token with typ JWT", () => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw(validClaims(), { header: { typ: "JWT" } }))).toBe("TOKEN_INVALID");
  });

  it.each(["sub", "sid", "exp"])("a token without %s", (claim) => {
    const { tokens } = setup();
    const token = signRaw(without(validClaims(), claim));
    expect(decodePart(token, 1)).not.toHaveProperty(claim);
    expect(rejectionOf(tokens, token)).toBe("TOKEN_INVALID");
  });

  it("a token without iat", () => {
    const { tokens } = setup();
    const token = signRaw(without(validClaims(), "iat"), { noTimestamp: true });
    expect(decodePart(token, 1)).not.toHaveProperty("iat");
    expect(rejectionOf(tokens, token)).toBe("TOKEN_INVALID");
  });

  it.each(["jti", "role"])("a token without %s (the contract requires it)", (claim) => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw(without(validClaims(), claim)))).toBe("TOKEN_INVALID");
  });

  it.each([["jti", ""], ["jti", 7], ["role", "ROOT"], ["role", "admin"], ["role", ["ADMIN"]]])(
    "a token whose %s is %j",
    (claim, value) => {
      const { tokens } = setup();
      expect(rejectionOf(tokens, signRaw({ ...validClaims(), [claim]: value }))).toBe("TOKEN_INVALID");
    },
  );

  it.each([
    ["a critical extension it does not understand", { typ: "at+jwt", crit: ["exp-ext"], "exp-ext": true }],
    ["crit naming b64 (RFC 7797)", { typ: "at+jwt", crit: ["b64"], b64: true }],
    ["an empty crit list", { typ: "at+jwt", crit: [] }],
  ])("a token whose header has %s", (_what, header) => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw(validClaims(), { header: header as unknown as jwt.JwtHeader }))).toBe("TOKEN_INVALID");
  });

  it.each([
    ["exp 1e308", { exp: 1e308 }],
    ["one second longer than ACCESS_TOKEN_TTL", { exp: T0_S + TTL + 1 }],
    ["an old iat with a far exp", { iat: T0_S - 86_400, exp: T0_S + 60 }],
  ])("a token whose lifetime is longer than ACCESS_TOKEN_TTL (%s)", (_what, change) => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw({ ...validClaims(), ...change }))).toBe("TOKEN_INVALID");
  });

  it.each(["sub", "sid"])("a token whose %s is empty", (claim) => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw({ ...validClaims(), [claim]: "" }))).toBe("TOKEN_INVALID");
  });

  it("a token whose sub is not a string", () => {
    const { tokens } = setup();
    expect(rejectionOf(tokens, signRaw({ ...validClaims(), sub: 42 }))).toBe("TOKEN_INVALID");
  });

  it.each([31, 3600])("a token whose iat is %i s ahead of the clock", (ahead) => {
    const { tokens } = setup();
    const claims = { ...validClaims(), iat: T0_S + ahead, exp: T0_S + ahead + TTL };
    expect(rejectionOf(tokens, signRaw(claims))).toBe("TOKEN_INVALID");
  });

  it.each(["", "garbage", "a.b.c", "..", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.", "Bearer x.y.z"])(
    "the garbage string %j",
    (token) => {
      expect(rejectionOf(setup().tokens, token)).toBe("TOKEN_INVALID");
    },
  );

  it("a validly signed token longer than 4096 characters", () => {
    const { tokens } = setup();
    const token = paddedToken("above", 4096);
    expect(token.length).toBeLessThanOrEqual(4099);
    expect(rejectionOf(tokens, token)).toBe("TOKEN_INVALID");
  });

  it("a forged token even after its exp: the signature is checked first", () => {
    const { tokens, setNow } = setup();
    setNow(T0_S + TTL + 3600);
    expect(rejectionOf(tokens, signRaw(validClaims(), { secret: OTHER_SECRET }))).toBe("TOKEN_INVALID");
  });
});

describe("TokenService.verify and expiry", () => {
  it("accepts a token up to its exp", () => {
    const { tokens, setNow } = setup();
    const { token } = tokens.sign(subject);
    setNow(T0_S + TTL - 1);
    expect(tokens.verify(token).exp).toBe(T0_S + TTL);
  });

  it("still accepts a token within 30 s of skew after exp", () => {
    const { tokens, setNow } = setup();
    const { token } = tokens.sign(subject);
    setNow(T0_S + TTL + 29);
    expect(tokens.verify(token).sub).toBe(subject.userId);
  });

  it("rejects as TOKEN_EXPIRED once the clock is more than 30 s past exp", () => {
    const { tokens, setNow } = setup();
    const { token } = tokens.sign(subject);
    setNow(T0_S + TTL + 31);
    expect(rejectionOf(tokens, token)).toBe("TOKEN_EXPIRED");
  });

  it("rejects as TOKEN_EXPIRED a token whose exp is long past", () => {
    const { tokens, setNow } = setup();
    const { token } = tokens.sign(subject);
    setNow(T0_S + 365 * 86_400);
    expect(rejectionOf(tokens, token)).toBe("TOKEN_EXPIRED");
  });
});

describe("TokenService.verify, a token seen before", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("recognises it by its text without checking its signature again, and gives the same claims", () => {
    const { tokens } = setup();
    const { token } = tokens.sign(subject);
    const check = vi.spyOn(jwt, "verify");
    const first = tokens.verify(token);
    expect(tokens.verify(token)).toBe(first);
    expect(check).toHaveBeenCalledTimes(1);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it("still expires it on time, as the first check would have (30 s of skew)", () => {
    const { tokens, setNow } = setup();
    const { token } = tokens.sign(subject);
    tokens.verify(token);
    setNow(T0_S + TTL + 29);
    expect(tokens.verify(token).sub).toBe(subject.userId);
    setNow(T0_S + TTL + 30);
    expect(rejectionOf(tokens, token)).toBe("TOKEN_EXPIRED");
    setNow(T0_S); // and a clock set back finds it checked in full again
    expect(tokens.verify(token).sub).toBe(subject.userId);
  });

  it("refuses as TOKEN_INVALID once its iat is over 30 s ahead of a clock set back", () => {
    const { tokens, setNow } = setup();
    const { token } = tokens.sign(subject);
    tokens.verify(token);
    setNow(T0_S - 31);
    expect(rejectionOf(tokens, token)).toBe("TOKEN_INVALID");
  });

  it("checks in full a token one character away from a known one", () => {
    const { tokens } = setup();
    const { token } = tokens.sign(subject);
    tokens.verify(token);
    const last = token.at(-1) === "A" ? "B" : "A";
    expect(rejectionOf(tokens, token.slice(0, -1) + last)).toBe("TOKEN_INVALID");
  });

  it(`keeps ${VERIFIED_TOKENS_KEPT} of them, the least recently seen going first`, () => {
    const { tokens } = setup();
    const issued = Array.from({ length: VERIFIED_TOKENS_KEPT + 1 }, () => tokens.sign(subject).token);
    const [oldest, second] = issued;
    for (const token of issued.slice(0, VERIFIED_TOKENS_KEPT)) tokens.verify(token);
    tokens.verify(oldest!); // seen again: now the most recent
    tokens.verify(issued.at(-1)!); // one too many: the least recently seen (second) goes
    const check = vi.spyOn(jwt, "verify");
    tokens.verify(oldest!);
    expect(check).not.toHaveBeenCalled();
    tokens.verify(second!);
    expect(check).toHaveBeenCalledTimes(1);
  });
});

describe("hostile headers", () => {
  it.each([[[]], [{}], [42], [null], [true]])("refuses a correctly signed token whose typ is %j, without crashing", (typ) => {
    const { tokens } = setup();
    const token = jwt.sign({ sub: "u", sid: "s", iat: T0_S, exp: T0_S + 60 }, SECRET, {
      algorithm: "HS256",
      header: { alg: "HS256", typ } as unknown as jwt.JwtHeader,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect(() => tokens.verify(token)).toThrow(AccessTokenError);
  });
});
