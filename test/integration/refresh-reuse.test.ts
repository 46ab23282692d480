import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session, User } from "../../src/entities/index.js";
import { hashRefreshToken } from "../../src/auth/refresh-tokens.js";
import { LOGOUT, ME, PASSWORD, login, registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * The reuse interval (REFRESH_TOKEN_REUSE_INTERVAL, 30 s by default): the token a rotation
 * just retired, presented again inside it, gets the same new refresh token back; anything
 * else retired ends the session. And what every refusal says.
 */

const PAIR = "accessToken refreshToken expiresIn expiresAt sessionExpiresAt user { id }";
const REFRESH = `mutation($t: String) { refreshToken(refreshToken: $t) { ${PAIR} } }`;
const INTERVAL = 30;

const reasonOf = (res: { body: { errors?: { extensions?: { reason?: string } }[] } }) => res.body.errors?.[0]?.extensions?.reason;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

const refresh = (t: string) => gql(app.url, REFRESH, { t });
const meOf = async (token: string) => (await gql(app.url, ME, {}, { token })).body.data?.me?.id as string | undefined;

describe("inside the reuse interval", () => {
  it("answers the just-retired token with the same new refresh token and a fresh access token", async () => {
    const reg = await registerUser(app);
    const first = (await refresh(reg.refreshToken)).body.data!.refreshToken;
    app.clock.advance(INTERVAL - 1);
    const again = (await refresh(reg.refreshToken)).body.data!.refreshToken;
    expect(again.refreshToken).toBe(first.refreshToken);
    expect(again.accessToken).not.toBe(first.accessToken);
    expect(await meOf(again.accessToken)).toBe(reg.user.id);
    expect(await meOf(first.accessToken)).toBe(reg.user.id);
    // The one refresh token both hold goes on rotating.
    expect((await refresh(first.refreshToken)).body.data?.refreshToken.refreshToken).toEqual(expect.any(String));
  });

  it("gives 20 concurrent refreshes of one token the same refresh token, and the session lives", async () => {
    const reg = await registerUser(app);
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(reg.refreshToken)));
    const pairs = results.map((r) => r.body.data?.refreshToken);
    expect(pairs.every(Boolean), JSON.stringify(results.find((r) => !r.body.data)?.body)).toBe(true);
    expect(new Set(pairs.map((p) => p.refreshToken)).size).toBe(1);
    expect(await meOf(pairs[19].accessToken)).toBe(reg.user.id);
    expect(app.logs.some((l) => l.event === "auth.refresh.reuse_detected")).toBe(false);
    const next = await refresh(pairs[0].refreshToken);
    expect(next.body.data?.refreshToken.refreshToken).not.toBe(pairs[0].refreshToken);
  });

  it("stores no refresh token, only hashes: the successor is derived, not kept", async () => {
    const reg = await registerUser(app);
    const rotated = (await refresh(reg.refreshToken)).body.data!.refreshToken;
    const session = await app.orm.em.fork().findOneOrFail(Session, { refreshTokenHash: hashRefreshToken(rotated.refreshToken) });
    expect(session.previousTokenHash).toBe(hashRefreshToken(reg.refreshToken));
    const row = JSON.stringify(await app.orm.em.fork().getConnection().execute("select * from sessions"));
    const retired = JSON.stringify(await app.orm.em.fork().getConnection().execute("select * from retired_refresh_tokens"));
    for (const token of [reg.refreshToken, rotated.refreshToken]) {
      expect(row).not.toContain(token);
      expect(retired).not.toContain(token);
    }
  });

  it("still ends the session for a token two rotations old, at once", async () => {
    const reg = await registerUser(app);
    const second = (await refresh(reg.refreshToken)).body.data!.refreshToken;
    const third = (await refresh(second.refreshToken)).body.data!.refreshToken;
    const reuse = await refresh(reg.refreshToken);
    expect(reasonOf(reuse)).toBe("REFRESH_TOKEN_REUSED");
    expect(await meOf(third.accessToken)).toBeUndefined();
    expect(reasonOf(await refresh(third.refreshToken))).toBe("REFRESH_TOKEN_REUSED");
    expect(app.logs.some((l) => l.event === "auth.refresh.reuse_detected")).toBe(true);
  });

  it("logs each answer inside the interval, with the IP and user agent to tell a thief from a tab", async () => {
    const reg = await registerUser(app);
    await refresh(reg.refreshToken);
    await gql(app.url, REFRESH, { t: reg.refreshToken }, { headers: { "user-agent": "second-tab" } });
    const line = app.logs.findLast((l) => l.event === "auth.refresh.reuse_within_interval");
    expect(line).toMatchObject({ userId: reg.user.id, ip: expect.any(String), userAgent: "second-tab" });
  });

  it("logs out with the just-retired token too (a tab that missed the rotation)", async () => {
    const reg = await registerUser(app);
    const rotated = (await refresh(reg.refreshToken)).body.data!.refreshToken;
    const res = await gql(app.url, LOGOUT, { t: reg.refreshToken });
    expect(res.body.data?.logout).toBe(true);
    expect(await meOf(rotated.accessToken)).toBeUndefined();
    expect(reasonOf(await refresh(rotated.refreshToken))).toBe("SESSION_REVOKED");
  });
});

describe("after the reuse interval", () => {
  it("ends the session when the retired token comes back, with reason REFRESH_TOKEN_REUSED", async () => {
    const reg = await registerUser(app);
    const other = await login(app, reg.user.username);
    const rotated = (await refresh(reg.refreshToken)).body.data!.refreshToken;
    app.clock.advance(INTERVAL);
    const reuse = await refresh(reg.refreshToken);
    expect(codeOf(reuse)).toBe("UNAUTHENTICATED");
    expect(reasonOf(reuse)).toBe("REFRESH_TOKEN_REUSED");
    expect(await meOf(rotated.accessToken)).toBeUndefined();
    expect(reasonOf(await refresh(rotated.refreshToken))).toBe("REFRESH_TOKEN_REUSED");
    expect(await meOf(other.accessToken)).toBe(reg.user.id);
  });
});

describe("refusal reasons", () => {
  it("SESSION_EXPIRED once the session's absolute lifetime is over", async () => {
    const reg = await registerUser(app);
    app.clock.advance(30 * 86_400);
    const res = await refresh(reg.refreshToken);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(reasonOf(res)).toBe("SESSION_EXPIRED");
    expect(reasonOf(await gql(app.url, LOGOUT, { t: reg.refreshToken }))).toBe("SESSION_EXPIRED");
  });

  it("SESSION_REVOKED after logout, revocation, a password change and a deactivation", async () => {
    const loggedOut = await registerUser(app);
    await gql(app.url, LOGOUT, { t: loggedOut.refreshToken });

    const revoked = await registerUser(app);
    await gql(app.url, "mutation { logoutAll }", {}, { token: revoked.accessToken });

    const changed = await registerUser(app);
    await gql(app.url, `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken } }`, {
      c: PASSWORD,
      n: "another good password 42",
    }, { token: changed.accessToken });

    const deactivated = await registerUser(app);
    await app.orm.em.fork().nativeUpdate(User, { id: deactivated.user.id }, { isActive: false });

    for (const pair of [loggedOut, revoked, changed, deactivated]) {
      const res = await refresh(pair.refreshToken);
      expect(codeOf(res)).toBe("UNAUTHENTICATED");
      expect(reasonOf(res), pair.user.username).toBe("SESSION_REVOKED");
    }
  });

  it("REFRESH_TOKEN_INVALID for an unknown or malformed token, and without argument or cookie, from any origin", async () => {
    for (const t of ["A".repeat(43), "nope", ""]) expect(reasonOf(await refresh(t))).toBe("REFRESH_TOKEN_INVALID");
    // Without a cookie there is nothing to protect: no origin is checked, whatever sent it.
    const cases: Record<string, string>[] = [{ origin: new URL(app.url).origin }, {}, { origin: "https://elsewhere.example" }];
    for (const headers of cases) {
      const none = await gql(app.url, `mutation { refreshToken { accessToken } }`, {}, { headers });
      expect(reasonOf(none)).toBe("REFRESH_TOKEN_INVALID");
      const logout = await gql(app.url, `mutation { logout }`, {}, { headers });
      expect(reasonOf(logout)).toBe("REFRESH_TOKEN_INVALID");
    }
  });

  it("SESSION_REVOKED for a deactivated user's token, and again for that token later", async () => {
    const reg = await registerUser(app);
    await app.orm.em.fork().nativeUpdate(User, { id: reg.user.id }, { isActive: false });
    expect(reasonOf(await refresh(reg.refreshToken))).toBe("SESSION_REVOKED");
    expect(reasonOf(await refresh(reg.refreshToken))).toBe("SESSION_REVOKED");
  });
});

describe("expiry times and auth_time", () => {
  const claims = (token: string) => jwt.decode(token) as { iat: number; exp: number; auth_time: number };

  it("give expiresAt (the access token's exp) and sessionExpiresAt (the session's end) on sign-in and refresh", async () => {
    const signedInAt = app.clock.now().getTime();
    const reg = (
      await gql(app.url, `mutation($i: RegisterInput!) { register(input: $i) { ${PAIR} } }`, {
        i: { username: `u${Date.now()}`, password: PASSWORD },
      })
    ).body.data!.register;
    expect(Date.parse(reg.expiresAt)).toBe(claims(reg.accessToken).exp * 1000);
    expect(Date.parse(reg.expiresAt)).toBe(signedInAt + reg.expiresIn * 1000);
    expect(Date.parse(reg.sessionExpiresAt)).toBe(signedInAt + 30 * 86_400_000);

    app.clock.advance(600);
    const rotated = (await refresh(reg.refreshToken)).body.data!.refreshToken;
    expect(Date.parse(rotated.expiresAt)).toBe(signedInAt + 600_000 + rotated.expiresIn * 1000);
    // However often it is refreshed, the session ends when it would have.
    expect(rotated.sessionExpiresAt).toBe(reg.sessionExpiresAt);
  });

  it("keep auth_time across refreshes, and move it when the password is proven again", async () => {
    const reg = await registerUser(app);
    const signedIn = claims(reg.accessToken).auth_time;
    expect(signedIn).toBe(Math.floor(app.clock.now().getTime() / 1000));
    app.clock.advance(3600);
    const rotated = (await refresh(reg.refreshToken)).body.data!.refreshToken;
    expect(claims(rotated.accessToken).auth_time).toBe(signedIn);
    expect(claims(rotated.accessToken).iat).toBe(signedIn + 3600);

    const changed = await gql(
      app.url,
      `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { ${PAIR} } }`,
      { c: PASSWORD, n: "another good password 42" },
      { token: rotated.accessToken },
    );
    const fresh = changed.body.data!.changePassword;
    expect(claims(fresh.accessToken).auth_time).toBe(signedIn + 3600);
    // The session's end stays where the sign-in put it.
    expect(Date.parse(fresh.sessionExpiresAt)).toBe((signedIn + 30 * 86_400) * 1000);
  });
});

describe("with REFRESH_TOKEN_REUSE_INTERVAL=0 (strict)", () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ REFRESH_TOKEN_REUSE_INTERVAL: "0" });
  });
  afterAll(() => strict.stop());

  it("lets exactly one of several simultaneous refreshes with one token succeed, and treats the rest as reuse", async () => {
    const reg = await registerUser(strict);
    const results = await Promise.all(Array.from({ length: 8 }, () => gql(strict.url, REFRESH, { t: reg.refreshToken })));
    expect(results.filter((r) => r.body.data?.refreshToken).length).toBe(1);
    expect(results.filter((r) => reasonOf(r) === "REFRESH_TOKEN_REUSED").length).toBe(7);
  });

  it("ends the session when the just-retired token comes back at once", async () => {
    const reg = await registerUser(strict);
    const rotated = (await gql(strict.url, REFRESH, { t: reg.refreshToken })).body.data!.refreshToken;
    expect(reasonOf(await gql(strict.url, REFRESH, { t: reg.refreshToken }))).toBe("REFRESH_TOKEN_REUSED");
    expect((await gql(strict.url, ME, {}, { token: rotated.accessToken })).status).toBe(401);
  });
});

describe("a signing-key change inside the reuse interval", () => {
  it("refuses the just-retired token (its successor cannot be computed again) without ending the session", async () => {
    const dir = mkdtempSync(join(tmpdir(), "key-change-"));
    const url = `sqlite:${join(dir, "app.sqlite")}`;
    const before = await createTestApp({ DATABASE_URL: url, JWT_SECRET: "Kq7vR2xNf9LmTz4wHc8bYp3sJd6gVa1E-first-key" });
    let after: TestApp | undefined;
    try {
      const reg = await registerUser(before);
      const rotated = (await gql(before.url, REFRESH, { t: reg.refreshToken })).body.data!.refreshToken;
      // A browser's session, rotated by one tab: the other tab's cookie request comes late.
      const browser = await gql(before.url, `mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`, {
        i: { username: `tabs${Date.now()}`, password: PASSWORD, refreshTokenTransport: "COOKIE" },
      });
      const cookieOf = (headers: Headers) => headers.getSetCookie()[0]!.split(";")[0]!;
      const first = cookieOf(browser.headers);
      const origin = (target: TestApp) => ({ origin: new URL(target.url).origin });
      const cookieRefresh = `mutation { refreshToken { accessToken } }`;
      await gql(before.url, cookieRefresh, {}, { headers: { ...origin(before), cookie: first } });
      await before.stop();
      after = await createTestApp({ DATABASE_URL: url, JWT_SECRET: "Zp4wQ8rTm2Vx6Nb9Lc3Hj7Kd5Gf1Sa0Y-second-key" });
      // Same moment (the test clocks both start at 2026-01-01): inside the interval.
      expect(reasonOf(await gql(after.url, REFRESH, { t: reg.refreshToken }))).toBe("REFRESH_TOKEN_INVALID");
      const session = await after.orm.em.fork().findOneOrFail(Session, { refreshTokenHash: hashRefreshToken(rotated.refreshToken) });
      expect(session.revokedAt).toBeNull();
      expect((await gql(after.url, REFRESH, { t: rotated.refreshToken })).body.data?.refreshToken.refreshToken).toEqual(expect.any(String));
      // The late tab is refused, and the cookie the tabs share is left as it is.
      const late = await gql(after.url, cookieRefresh, {}, { headers: { ...origin(after), cookie: first } });
      expect(reasonOf(late)).toBe("REFRESH_TOKEN_INVALID");
      expect(late.headers.getSetCookie()).toEqual([]);
    } finally {
      await after?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
