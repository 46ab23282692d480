import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { User } from "../../src/entities/index.js";
import { AUTH_FIELDS, LOGOUT, ME, PASSWORD, REFRESH, login, registerUser, type Registered } from "../helpers/factories.js";
import { codeOf, gql, type GqlResponse } from "../helpers/gql.js";
import { TEST_SECRET, createTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * How the server treats the Authorization header: no header is an anonymous caller; a header
 * that does not check out fails the whole request with 401 and a reason.
 */

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

const ISSUER = "graphql-auth-api";
const ACCESS_TTL = 15 * 60;
const SKEW = 30;
const OTHER_SECRET = "another-secret-that-is-long-enough-for-hs256-98765";
const TYPENAME = `{ __typename }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;

type Reason = "TOKEN_INVALID" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
type Claims = Record<string, unknown>;

const nowSeconds = () => Math.floor(app.clock.now().getTime() / 1000);

/** The session id in a token the server issued (read here only to build forgeries). */
const sidOf = (accessToken: string) => (jwt.decode(accessToken) as { sid: string }).sid;

/** The claims of a valid access token for `pair`'s session, as the server would sign them. */
function claimsFor(pair: Registered): Claims {
  const iat = nowSeconds();
  return {
    sub: pair.user.id,
    sid: sidOf(pair.accessToken),
    role: pair.user.role,
    jti: randomUUID(),
    iat,
    exp: iat + ACCESS_TTL,
    iss: ISSUER,
    aud: ISSUER,
  };
}

/** Signs `claims` exactly as given (no iat added): HS256, typ at+jwt, the app's secret unless told. */
function forge(
  claims: Claims,
  { secret = TEST_SECRET, algorithm = "HS256", typ = "at+jwt" }: { secret?: string; algorithm?: jwt.Algorithm; typ?: string } = {},
): string {
  // jsonwebtoken adds an iat unless told not to, and noTimestamp drops a given one.
  return jwt.sign(claims, secret, { algorithm, header: { alg: algorithm, typ }, noTimestamp: !("iat" in claims) });
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const without = (claims: Claims, name: string): Claims => {
  const { [name]: _dropped, ...rest } = claims;
  return rest;
};

const me = (token: string) => gql(app.url, ME, {}, { token });
const withHeader = (authorization: string, query = ME) => gql(app.url, query, {}, { headers: { authorization } });

/** The contract's answer to a header that cannot be trusted: 401, WWW-Authenticate, no data. */
function expectRejected(response: GqlResponse<unknown>, reason: Reason): void {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toContain('Bearer error="invalid_token"');
  expect(response.body.data).toBeUndefined();
  expect(codeOf(response)).toBe("UNAUTHENTICATED");
  expect(response.body.errors?.[0]?.extensions?.reason).toBe(reason);
}

describe("without an Authorization header", () => {
  it("answers a protected query with 200 and UNAUTHENTICATED, reason NO_TOKEN and no WWW-Authenticate", async () => {
    const res = await gql(app.url, ME);
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(res.body.errors?.[0]?.extensions?.reason).toBe("NO_TOKEN");
    expect(res.headers.get("www-authenticate")).toBeNull();
  });

  it("treats an empty header as none, as Apollo Client's `token ? `Bearer ${token}` : \"\"` sends it", async () => {
    for (const authorization of ["", "   "]) {
      const res = await withHeader(authorization);
      expect(res.status).toBe(200);
      expect(codeOf(res)).toBe("UNAUTHENTICATED");
    }
  });
});

describe("with a valid access token", () => {
  it("returns the signed-in user from me", async () => {
    const reg = await registerUser(app);
    const res = await me(reg.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.me).toMatchObject({ id: reg.user.id, username: reg.user.username, role: "USER" });
  });

  it("accepts a token forged with the right secret and claims (so the forgeries below differ in one thing only)", async () => {
    const reg = await registerUser(app);
    const res = await me(forge(claimsFor(reg)));
    expect(res.status).toBe(200);
    expect(res.body.data?.me.id).toBe(reg.user.id);
  });

  it("serves public operations too", async () => {
    const reg = await registerUser(app);
    const typename = await gql(app.url, TYPENAME, {}, { token: reg.accessToken });
    expect(typename.status).toBe(200);
    expect(typename.body.data?.__typename).toBe("Query");
    const signIn = await gql(app.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } }, { token: reg.accessToken });
    expect(signIn.status).toBe(200);
    expect(signIn.body.data?.login.user.id).toBe(reg.user.id);
  });

  it("does not trust the role in the token: a USER's token re-signed with role ADMIN still reads role USER", async () => {
    const reg = await registerUser(app);
    const claims = jwt.decode(reg.accessToken) as Claims;
    const escalated = forge({ ...claims, role: "ADMIN" });
    const res = await me(escalated);
    expect(res.status).toBe(200);
    expect(res.body.data?.me.role).toBe("USER");
  });

  it("still accepts a token that expired less than 30 s ago (clock skew)", async () => {
    const reg = await registerUser(app);
    app.clock.advance(ACCESS_TTL + SKEW - 1);
    const res = await me(reg.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.data?.me.id).toBe(reg.user.id);
  });
});

describe("a malformed Authorization header", () => {
  const cases: [string, (token: string) => string][] = [
    ["Bearer", () => "Bearer"],
    ["Basic abc", () => "Basic abc"],
    ["Bearer a b", () => "Bearer a b"],
    ["Token xyz", () => "Token xyz"],
    ["Token <valid token>", (token) => `Token ${token}`],
    ["<valid token> without a scheme", (token) => token],
    ["Bearer <valid token> <valid token>", (token) => `Bearer ${token} ${token}`],
  ];

  it.each(cases)("refuses %s with 401 TOKEN_INVALID", async (_label, header) => {
    const reg = await registerUser(app);
    expectRejected(await withHeader(header(reg.accessToken)), "TOKEN_INVALID");
  });
});

describe("an access token that does not verify", () => {
  it("refuses an unsigned token (alg none) with 401 TOKEN_INVALID", async () => {
    const reg = await registerUser(app);
    const unsigned = `${base64url({ alg: "none", typ: "at+jwt" })}.${base64url(claimsFor(reg))}.`;
    expectRejected(await me(unsigned), "TOKEN_INVALID");
  });

  it("refuses a token signed with another secret with 401 TOKEN_INVALID", async () => {
    const reg = await registerUser(app);
    const token = forge(claimsFor(reg), { secret: OTHER_SECRET });
    expectRejected(await me(token), "TOKEN_INVALID");
  });

  it("refuses an HS512 token signed with the right secret with 401 TOKEN_INVALID", async () => {
    const reg = await registerUser(app);
    expectRejected(await me(forge(claimsFor(reg), { algorithm: "HS512" })), "TOKEN_INVALID");
  });

  it("refuses a token from another issuer with 401 TOKEN_INVALID", async () => {
    const reg = await registerUser(app);
    expectRejected(await me(forge({ ...claimsFor(reg), iss: "someone-else" })), "TOKEN_INVALID");
  });

  it("refuses a token for another audience with 401 TOKEN_INVALID", async () => {
    const reg = await registerUser(app);
    expectRejected(await me(forge({ ...claimsFor(reg), aud: "someone-else" })), "TOKEN_INVALID");
  });

  it('refuses a token of typ "JWT" instead of at+jwt with 401 TOKEN_INVALID', async () => {
    const reg = await registerUser(app);
    expectRejected(await me(forge(claimsFor(reg), { typ: "JWT" })), "TOKEN_INVALID");
  });

  it.each(["sub", "sid", "exp", "iat"])("refuses a token without %s with 401 TOKEN_INVALID", async (claim) => {
    const reg = await registerUser(app);
    expectRejected(await me(forge(without(claimsFor(reg), claim))), "TOKEN_INVALID");
  });

  it("refuses a token more than 30 s past its expiry with 401 TOKEN_EXPIRED", async () => {
    const reg = await registerUser(app);
    app.clock.advance(ACCESS_TTL + SKEW + 1);
    expectRejected(await me(reg.accessToken), "TOKEN_EXPIRED");
  });
});

describe("an access token whose session or user is no longer good", () => {
  it("refuses a token naming a session that does not exist with 401 TOKEN_REVOKED", async () => {
    const reg = await registerUser(app);
    expectRejected(await me(forge({ ...claimsFor(reg), sid: randomUUID() })), "TOKEN_REVOKED");
  });

  it("refuses a token naming its session's id in upper case with 401 TOKEN_REVOKED, on PostgreSQL too", async () => {
    // PostgreSQL's uuid type would match it; SQLite's text would not: ids are compared as issued.
    const reg = await registerUser(app);
    const claims = claimsFor(reg);
    expectRejected(await me(forge({ ...claims, sid: String(claims.sid).toUpperCase() })), "TOKEN_REVOKED");
    expectRejected(await me(forge({ ...claims, sub: String(claims.sub).toUpperCase() })), "TOKEN_REVOKED");
  });

  it("refuses a token whose sub is another user than the session's with 401 TOKEN_REVOKED", async () => {
    const owner = await registerUser(app);
    const intruder = await registerUser(app);
    const token = forge({ ...claimsFor(owner), sub: intruder.user.id });
    expectRejected(await me(token), "TOKEN_REVOKED");
  });

  it("refuses the access token of a logged-out session on the very next request with 401 TOKEN_REVOKED", async () => {
    const reg = await registerUser(app);
    const other = await login(app, reg.user.username);
    expect((await me(reg.accessToken)).status).toBe(200);
    expect((await gql(app.url, LOGOUT, { t: reg.refreshToken })).body.data?.logout).toBe(true);
    expectRejected(await me(reg.accessToken), "TOKEN_REVOKED");
    expect((await me(other.accessToken)).body.data?.me.id).toBe(reg.user.id);
  });

  it("refuses the access token of every session after logoutAll with 401 TOKEN_REVOKED", async () => {
    const reg = await registerUser(app);
    const second = await login(app, reg.user.username);
    const third = await login(app, reg.user.username);
    const stranger = await registerUser(app);
    expect((await gql(app.url, `mutation { logoutAll }`, {}, { token: second.accessToken })).body.data?.logoutAll).toBe(true);
    for (const pair of [reg, second, third]) expectRejected(await me(pair.accessToken), "TOKEN_REVOKED");
    expect((await me(stranger.accessToken)).body.data?.me.id).toBe(stranger.user.id);
  });

  it("refuses the access token of a user deactivated in the database with 401 TOKEN_REVOKED", async () => {
    const reg = await registerUser(app);
    expect((await me(reg.accessToken)).status).toBe(200);
    const em = app.orm.em.fork();
    const user = await em.findOneOrFail(User, { id: reg.user.id });
    user.isActive = false;
    await em.flush();
    expectRejected(await me(reg.accessToken), "TOKEN_REVOKED");
  });

  describe("after the session's absolute expiry", () => {
    let short: TestApp;
    beforeAll(async () => {
      short = await createTestApp({ REFRESH_TOKEN_TTL: "20m", ACCESS_TOKEN_TTL: "15m" });
    });
    afterAll(() => short.stop());

    it("refuses a still unexpired access token with 401 TOKEN_REVOKED", async () => {
      const reg = await registerUser(short);
      short.clock.advance(14 * 60);
      const refreshed = await gql(short.url, REFRESH, { t: reg.refreshToken });
      const accessToken: string = refreshed.body.data?.refreshToken.accessToken;
      expect(accessToken).toBeTruthy();
      // The new access token lives until minute 29; the session ends at minute 20.
      short.clock.advance(5 * 60);
      expect((await gql(short.url, ME, {}, { token: accessToken })).body.data?.me.id).toBe(reg.user.id);
      short.clock.advance(2 * 60);
      expectRejected(await gql(short.url, ME, {}, { token: accessToken }), "TOKEN_REVOKED");
    });
  });
});

describe("a bad token on a document that asks for anything protected fails the whole request", () => {
  it("answers a stale bearer on me with 401 TOKEN_REVOKED", async () => {
    const reg = await registerUser(app);
    await gql(app.url, LOGOUT, { t: reg.refreshToken });
    expectRejected(await me(reg.accessToken), "TOKEN_REVOKED");
  });

  it("answers a document mixing a public and a protected root field with 401, running neither", async () => {
    const res = await withHeader("Bearer not.a.token", `{ products { totalCount } me { id } }`);
    expectRejected(res, "TOKEN_INVALID");
  });

  it("sees a protected field inside a fragment or an inline fragment on the root", async () => {
    for (const query of [
      `query { ...Root } fragment Root on Query { products { totalCount } me { id } }`,
      `query { products { totalCount } ... on Query { cart { itemCount } } }`,
      `query { ... @include(if: false) { me { id } } }`,
    ]) {
      expectRejected(await withHeader("Bearer not.a.token", query), "TOKEN_INVALID");
    }
  });
});

describe("a bad token on a document whose root fields are all public is ignored", () => {
  it("runs { __typename } and products anonymously", async () => {
    for (const query of [TYPENAME, `{ products(first: 1) { totalCount } }`, `query { ...P } fragment P on Query { products { totalCount } }`]) {
      const res = await withHeader("Bearer not.a.token", query);
      expect(res.status, query).toBe(200);
      expect(res.body.errors, query).toBeUndefined();
    }
  });

  it("lets a user with a stale (revoked, expired) bearer log in again", async () => {
    const reg = await registerUser(app);
    await gql(app.url, LOGOUT, { t: reg.refreshToken });
    const res = await gql(app.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } }, { token: reg.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.data?.login?.accessToken).toEqual(expect.any(String));
    const fresh = res.body.data!.login.accessToken as string;
    expect((await me(fresh)).body.data?.me?.id).toBe(reg.user.id);
  });

  it("refreshes with an expired bearer still in the header (the refresh-on-expiry recipes send it)", async () => {
    const reg = await registerUser(app);
    app.clock.advance(ACCESS_TTL + SKEW + 1);
    expectRejected(await me(reg.accessToken), "TOKEN_EXPIRED");
    const res = await gql(app.url, REFRESH, { t: reg.refreshToken }, { token: reg.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.data?.refreshToken?.accessToken).toEqual(expect.any(String));
  });

  it("decides by the operation that runs: of two in one document, operationName picks", async () => {
    const document = `query Shop { products { totalCount } } query Mine { me { id } }`;
    const send = (operationName: string) =>
      fetch(app.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer not.a.token" },
        body: JSON.stringify({ query: document, operationName }),
      });
    expect((await send("Shop")).status).toBe(200);
    expect((await send("Mine")).status).toBe(401);
  });

  it("sees through aliases, and lets introspection through as public", async () => {
    expectRejected(await withHeader("Bearer not.a.token", `{ catalogue: products { totalCount } mine: me { id } }`), "TOKEN_INVALID");
    const res = await withHeader("Bearer not.a.token", `{ shop: products { totalCount } __schema { queryType { name } } }`);
    expect(res.status).toBe(200);
    expect(res.body.data?.__schema.queryType.name).toBe("Query");
  });
});

describe("rejected tokens stay secret", () => {
  /** One rejected token of each reason. */
  async function rejectedTokens(): Promise<string[]> {
    const expired = await registerUser(app);
    app.clock.advance(ACCESS_TTL + SKEW + 1);
    const revoked = await registerUser(app);
    await gql(app.url, LOGOUT, { t: revoked.refreshToken });
    const wrongSecret = forge(claimsFor(await registerUser(app)), { secret: OTHER_SECRET });
    return [wrongSecret, revoked.accessToken, expired.accessToken];
  }

  it("never echoes the token back in the error response", async () => {
    for (const token of await rejectedTokens()) {
      const res = await fetch(app.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: ME }),
      });
      expect(res.status).toBe(401);
      const text = await res.text();
      const signature = token.split(".")[2]!;
      expect(text).not.toContain(token);
      expect(text).not.toContain(signature);
      for (const [, value] of res.headers) {
        expect(value).not.toContain(token);
        expect(value).not.toContain(signature);
      }
    }
  });

  it("never writes a rejected token to the log", async () => {
    const tokens = await rejectedTokens();
    for (const token of tokens) expect((await me(token)).status).toBe(401);
    const log = app.logText();
    expect(app.logs.some((line) => line.event === "auth.token.rejected")).toBe(true);
    for (const token of tokens) expect(log).not.toContain(token.split(".")[2]!);
  });
});
