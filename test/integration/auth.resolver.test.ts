import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Session, User } from "../../src/entities/index.js";
import { hashRefreshToken } from "../../src/auth/refresh-tokens.js";
import { AUTH_FIELDS, LOGOUT, ME, PASSWORD, REFRESH, login, registerUser, uniqueUsername } from "../helpers/factories.js";
import { onPostgres } from "../helpers/database.js";
import { codeOf, gql } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

/** The default REFRESH_TOKEN_REUSE_INTERVAL (30s): a retired token presented later is reuse. */
const REUSE_INTERVAL = 30;
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
const CHANGE_PASSWORD = `mutation($current: String!, $next: String!) {
  changePassword(currentPassword: $current, newPassword: $next) { ${AUTH_FIELDS} }
}`;

const register = (input: Record<string, unknown>) => gql(app.url, REGISTER, { input });
const countUsers = () => app.orm.em.fork().count(User, {});

describe("register", () => {
  it("creates the user and returns a Bearer pair with the access token's lifetime", async () => {
    const username = uniqueUsername("Reg");
    const res = await register({ username, password: PASSWORD, name: "  Ada Lovelace ", email: "ada@example.com" });
    const payload = res.body.data?.register;
    expect(payload.tokenType).toBe("Bearer");
    expect(payload.expiresIn).toBe(900);
    expect(payload.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(payload.user).toMatchObject({ username, name: "Ada Lovelace", email: "ada@example.com", role: "USER", isActive: true });
    expect(new Date(payload.user.createdAt).toISOString()).toBe(payload.user.createdAt);
  });

  it("stores the password only as an argon2id hash and the refresh token only as its SHA-256", async () => {
    const reg = await registerUser(app);
    const em = app.orm.em.fork();
    const user = await em.findOneOrFail(User, { id: reg.user.id }, { populate: ["passwordHash"] });
    expectOwaspArgon2id(user.passwordHash);
    expect(user.passwordHash).not.toContain(PASSWORD);
    const session = await em.findOneOrFail(Session, { user: reg.user.id });
    expect(session.refreshTokenHash).toBe(hashRefreshToken(reg.refreshToken));
  });

  it("refuses a username taken in another case or another Unicode form", async () => {
    const username = uniqueUsername("Taken");
    await registerUser(app, { username });
    for (const variant of [username.toUpperCase(), username.toLowerCase(), toFullwidth(username)]) {
      const res = await register({ username: variant, password: PASSWORD });
      expect(codeOf(res)).toBe("BAD_USER_INPUT");
      expect(res.body.errors?.[0]?.extensions?.field).toBe("username");
    }
  });

  it.each([
    ["admin", ["\u0430dmin", "adm\u0131n", "\u00e1dmin", "ad\u0301min", "ADMIN", "adrnin"]],
    ["dzane", ["\u01c5ane", "D\u017eane"]],
    ["ffoo", ["\ufb00oo"]],
  ])("refuses every lookalike of a taken %j (mixed scripts, dotless i, accents, combining marks, digraphs, ligatures)", async (taken, lookalikes) => {
    // Fresh names per run: the suffix keeps them apart from other tests' users, in one script.
    const suffix = randomBytes(3).toString("hex").replace(/[0-9]/g, (d) => "ghijklmnop"[Number(d)]!);
    await registerUser(app, { username: `${taken}${suffix}` });
    const before = await countUsers();
    for (const lookalike of lookalikes) {
      const res = await register({ username: `${lookalike}${suffix}`, password: PASSWORD });
      expect(codeOf(res), lookalike).toBe("BAD_USER_INPUT");
      expect(res.body.errors?.[0]?.extensions?.field).toBe("username");
    }
    expect(await countUsers()).toBe(before);
  });

  it("keeps showing a name as typed: the first of two lookalikes keeps its own spelling", async () => {
    const suffix = randomBytes(3).toString("hex").replace(/[0-9]/g, (d) => "ghijklmnop"[Number(d)]!);
    const first = await registerUser(app, { username: `\u01c5ane${suffix}` });
    expect(first.user.username).toBe(`\u01c5ane${suffix}`);
    expect(codeOf(await register({ username: `dzane${suffix}`, password: PASSWORD }))).toBe("BAD_USER_INPUT");
    expect((await login(app, `\u01c5ane${suffix}`)).user.username).toBe(`\u01c5ane${suffix}`);
  });

  it("lets exactly one of several simultaneous registrations of a name succeed", async () => {
    const username = uniqueUsername("race");
    const before = await countUsers();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => register({ username: i % 2 ? username.toUpperCase() : username, password: PASSWORD })),
    );
    expect(results.filter((r) => r.body.data?.register).length).toBe(1);
    expect(results.filter((r) => codeOf(r) === "BAD_USER_INPUT").length).toBe(4);
    expect(await countUsers()).toBe(before + 1);
  });

  it.each([
    ["a short username", { username: "ab" }],
    ["a long username", { username: "a".repeat(33) }],
    ["a username with a space", { username: "ada lovelace" }],
    ["a username with @", { username: "ada@home" }],
    ["a short password", { password: "short" }],
    ["a password of 129 characters", { password: "p".repeat(129) }],
    ["a name of 101 characters", { name: "n".repeat(101) }],
    ["a name with a control character", { name: "Ada\u0000Lovelace" }],
    ["an invalid email", { email: "not-an-email" }],
    ["an email of 255 characters", { email: `${"a".repeat(243)}@example.com` }],
  ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_label, override) => {
    const before = await countUsers();
    const res = await register({ username: uniqueUsername(), password: PASSWORD, ...override });
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect(res.body.data ?? null).toBeNull();
    expect(await countUsers()).toBe(before);
  });

  it("keeps a password exactly as typed, spaces included", async () => {
    const password = "  leading and trailing  ";
    const reg = await registerUser(app, { password });
    await expect(login(app, reg.user.username, password)).resolves.toBeTruthy();
    const trimmed = await gql(app.url, LOGIN, { input: { username: reg.user.username, password: password.trim() } });
    expect(codeOf(trimmed)).toBe("UNAUTHENTICATED");
  });
});

describe("login", () => {
  it("signs in regardless of the username's case and opens a new session each time", async () => {
    const reg = await registerUser(app, { username: uniqueUsername("Case") });
    const a = await login(app, reg.user.username.toUpperCase());
    const b = await login(app, reg.user.username.toLowerCase());
    expect(a.user.id).toBe(reg.user.id);
    expect(b.user.username).toBe(reg.user.username);
    const sessions = await app.orm.em.fork().count(Session, { user: reg.user.id });
    expect(sessions).toBe(3);
  });

  it("gives one answer for an unknown name and a wrong password", async () => {
    const reg = await registerUser(app);
    const wrong = await gql(app.url, LOGIN, { input: { username: reg.user.username, password: "wrong password" } });
    const unknown = await gql(app.url, LOGIN, { input: { username: uniqueUsername("ghost"), password: PASSWORD } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(200);
      expect(codeOf(res)).toBe("UNAUTHENTICATED");
      expect(res.body.errors?.[0]?.message).toBe("Invalid username or password");
      expect(res.body.errors?.[0]?.extensions?.reason).toBeUndefined();
    }
  });

  it("refuses a deactivated user with the same answer", async () => {
    const reg = await registerUser(app);
    const em = app.orm.em.fork();
    await em.nativeUpdate(User, { id: reg.user.id }, { isActive: false });
    const res = await gql(app.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } });
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(res.body.errors?.[0]?.message).toBe("Invalid username or password");
  });

  it("rehashes a password stored with old argon2 parameters on the next login", async () => {
    const argon2 = (await import("argon2")).default;
    const reg = await registerUser(app);
    const old = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 3, parallelism: 1 });
    await app.orm.em.fork().nativeUpdate(User, { id: reg.user.id }, { passwordHash: old });
    await login(app, reg.user.username);
    const user = await app.orm.em.fork().findOneOrFail(User, { id: reg.user.id }, { populate: ["passwordHash"] });
    expectOwaspArgon2id(user.passwordHash);
    await expect(login(app, reg.user.username)).resolves.toBeTruthy();
  });

  it("refuses an oversized password without hashing it", async () => {
    const reg = await registerUser(app);
    const res = await gql(app.url, LOGIN, { input: { username: reg.user.username, password: "x".repeat(50_000) } });
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
  });
});

describe("refreshToken", () => {
  it("returns a new pair for the same session and retires the old refresh token", async () => {
    const reg = await registerUser(app);
    const res = await gql(app.url, REFRESH, { t: reg.refreshToken });
    const next = res.body.data?.refreshToken;
    expect(next.refreshToken).not.toBe(reg.refreshToken);
    expect(next.accessToken).not.toBe(reg.accessToken);
    expect(next.user.id).toBe(reg.user.id);
    const me = await gql(app.url, ME, {}, { token: next.accessToken });
    expect(me.body.data?.me.id).toBe(reg.user.id);
    expect(await app.orm.em.fork().count(Session, { user: reg.user.id })).toBe(1);
    // The successor keeps working.
    const again = await gql(app.url, REFRESH, { t: next.refreshToken });
    expect(again.body.data?.refreshToken.refreshToken).toBeTruthy();
  });

  it("revokes the session when a retired refresh token is reused after the reuse interval", async () => {
    const reg = await registerUser(app);
    const other = await login(app, reg.user.username);
    const rotated = (await gql(app.url, REFRESH, { t: reg.refreshToken })).body.data?.refreshToken;
    app.clock.advance(REUSE_INTERVAL);

    const reuse = await gql(app.url, REFRESH, { t: reg.refreshToken });
    expect(codeOf(reuse)).toBe("UNAUTHENTICATED");
    expect(reuse.body.errors?.[0]?.extensions?.reason).toBe("REFRESH_TOKEN_REUSED");
    // The thief's and the owner's successors are both dead now, access tokens included.
    const after = await gql(app.url, REFRESH, { t: rotated.refreshToken });
    expect(after.body.errors?.[0]?.extensions?.reason).toBe("REFRESH_TOKEN_REUSED");
    const me = await gql(app.url, ME, {}, { token: rotated.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.errors?.[0]?.extensions?.reason).toBe("TOKEN_REVOKED");
    // Other sessions of the user are untouched.
    expect((await gql(app.url, ME, {}, { token: other.accessToken })).body.data?.me.id).toBe(reg.user.id);
    expect(app.logs.some((l) => l.event === "auth.refresh.reuse_detected")).toBe(true);
  });

  it("revokes the session when a token retired several rotations ago is reused", async () => {
    const reg = await registerUser(app);
    let current = reg.refreshToken;
    for (let i = 0; i < 3; i++) current = (await gql(app.url, REFRESH, { t: current })).body.data?.refreshToken.refreshToken;
    // At once: a grandparent is never inside the reuse interval.
    const reuse = await gql(app.url, REFRESH, { t: reg.refreshToken });
    expect(reuse.body.errors?.[0]?.extensions?.reason).toBe("REFRESH_TOKEN_REUSED");
    expect(codeOf(await gql(app.url, REFRESH, { t: current }))).toBe("UNAUTHENTICATED");
  });

  it("refuses unknown, malformed and empty refresh tokens with UNAUTHENTICATED, REFRESH_TOKEN_INVALID", async () => {
    for (const t of ["", "nope", "A".repeat(43), "x".repeat(10_000)]) {
      const res = await gql(app.url, REFRESH, { t });
      expect(res.status).toBe(200);
      expect(codeOf(res)).toBe("UNAUTHENTICATED");
      expect(res.body.errors?.[0]?.extensions?.reason).toBe("REFRESH_TOKEN_INVALID");
    }
  });

  it("refuses a refresh token after the session's absolute lifetime, however often it was refreshed", async () => {
    const reg = await registerUser(app);
    let current = reg.refreshToken;
    for (let day = 0; day < 3; day++) {
      app.clock.advance(10 * 86_400);
      const res = await gql(app.url, REFRESH, { t: current });
      if (day < 2) current = res.body.data?.refreshToken.refreshToken;
      else expect(codeOf(res)).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses the refresh token of a deactivated user and ends the session", async () => {
    const reg = await registerUser(app);
    await app.orm.em.fork().nativeUpdate(User, { id: reg.user.id }, { isActive: false });
    expect(codeOf(await gql(app.url, REFRESH, { t: reg.refreshToken }))).toBe("UNAUTHENTICATED");
    const session = await app.orm.em.fork().findOneOrFail(Session, { user: reg.user.id });
    expect(session.revokedAt).not.toBeNull();
  });
});

describe("logout", () => {
  it("ends that session only, at once", async () => {
    const reg = await registerUser(app);
    const other = await login(app, reg.user.username);
    const res = await gql(app.url, LOGOUT, { t: reg.refreshToken });
    expect(res.body.data?.logout).toBe(true);
    const me = await gql(app.url, ME, {}, { token: reg.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.errors?.[0]?.extensions?.reason).toBe("TOKEN_REVOKED");
    expect(codeOf(await gql(app.url, REFRESH, { t: reg.refreshToken }))).toBe("UNAUTHENTICATED");
    expect((await gql(app.url, ME, {}, { token: other.accessToken })).body.data?.me.id).toBe(reg.user.id);
  });

  it("refuses an unknown, already used or retired refresh token", async () => {
    const reg = await registerUser(app);
    expect(codeOf(await gql(app.url, LOGOUT, { t: "A".repeat(43) }))).toBe("UNAUTHENTICATED");
    const rotated = (await gql(app.url, REFRESH, { t: reg.refreshToken })).body.data?.refreshToken;
    app.clock.advance(REUSE_INTERVAL);
    // A retired token at logout is reuse too: the session ends.
    const reuse = await gql(app.url, LOGOUT, { t: reg.refreshToken });
    expect(reuse.body.errors?.[0]?.extensions?.reason).toBe("REFRESH_TOKEN_REUSED");
    expect((await gql(app.url, ME, {}, { token: rotated.accessToken })).status).toBe(401);
    expect(codeOf(await gql(app.url, LOGOUT, { t: rotated.refreshToken }))).toBe("UNAUTHENTICATED");
  });
});

describe("logoutAll", () => {
  it("ends every session of the caller and no one else's", async () => {
    const reg = await registerUser(app);
    const second = await login(app, reg.user.username);
    const stranger = await registerUser(app);
    const res = await gql(app.url, `mutation { logoutAll }`, {}, { token: second.accessToken });
    expect(res.body.data?.logoutAll).toBe(true);
    for (const pair of [reg, second]) {
      expect((await gql(app.url, ME, {}, { token: pair.accessToken })).status).toBe(401);
      expect(codeOf(await gql(app.url, REFRESH, { t: pair.refreshToken }))).toBe("UNAUTHENTICATED");
    }
    expect((await gql(app.url, ME, {}, { token: stranger.accessToken })).body.data?.me.id).toBe(stranger.user.id);
  });

  it("needs a signed-in caller", async () => {
    const res = await gql(app.url, `mutation { logoutAll }`);
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
  });
});

describe("changePassword", () => {
  it("changes the password, ends every other session and returns a working pair for this one", async () => {
    const reg = await registerUser(app);
    const other = await login(app, reg.user.username);
    const next = "a brand new passphrase";
    const res = await gql(app.url, CHANGE_PASSWORD, { current: PASSWORD, next }, { token: reg.accessToken });
    const pair = res.body.data?.changePassword;
    expect(pair.refreshToken).not.toBe(reg.refreshToken);

    expect((await gql(app.url, ME, {}, { token: other.accessToken })).status).toBe(401);
    expect(codeOf(await gql(app.url, REFRESH, { t: other.refreshToken }))).toBe("UNAUTHENTICATED");
    expect((await gql(app.url, ME, {}, { token: pair.accessToken })).body.data?.me.id).toBe(reg.user.id);
    expect((await gql(app.url, REFRESH, { t: pair.refreshToken })).body.data?.refreshToken).toBeTruthy();

    await expect(login(app, reg.user.username, next)).resolves.toBeTruthy();
    await expect(login(app, reg.user.username, PASSWORD)).rejects.toThrow();
  });

  it("ends every access token issued before it, this session's included; the new pair keeps working", async () => {
    const reg = await registerUser(app);
    const before = await sessionsOf(reg.accessToken);
    const res = await gql(app.url, CHANGE_PASSWORD, { current: PASSWORD, next: "another passphrase" }, { token: reg.accessToken });
    const pair = res.body.data?.changePassword;
    // The token that asked for the change (still unexpired) no longer gets in.
    const old = await gql(app.url, ME, {}, { token: reg.accessToken });
    expect(old.status).toBe(401);
    expect(old.body.errors?.[0]?.extensions?.reason).toBe("TOKEN_REVOKED");
    expect(codeOf(await gql(app.url, REFRESH, { t: reg.refreshToken }))).toBe("UNAUTHENTICATED");
    // The device goes on: one live session, started when it signed in, ending when it would have.
    const after = await sessionsOf(pair.accessToken);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ current: true, createdAt: before[0]!.createdAt, expiresAt: before[0]!.expiresAt });
    expect(after[0]!.id).not.toBe(before[0]!.id);
    // A thief presenting the old refresh token afterwards cannot end the new session.
    expect((await gql(app.url, ME, {}, { token: pair.accessToken })).body.data?.me.id).toBe(reg.user.id);
    const refreshed = await gql(app.url, REFRESH, { t: pair.refreshToken });
    expect(refreshed.body.data?.refreshToken.user.id).toBe(reg.user.id);
  });

  it("refuses a wrong current password with BAD_USER_INPUT and changes nothing", async () => {
    const reg = await registerUser(app);
    const res = await gql(app.url, CHANGE_PASSWORD, { current: "not my password", next: "whatever it is" }, { token: reg.accessToken });
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect(res.body.errors?.[0]?.extensions?.field).toBe("currentPassword");
    await expect(login(app, reg.user.username)).resolves.toBeTruthy();
  });

  it("refuses a new password that breaks the rules and changes nothing", async () => {
    const reg = await registerUser(app);
    const other = await login(app, reg.user.username);
    const res = await gql(app.url, CHANGE_PASSWORD, { current: PASSWORD, next: "short" }, { token: reg.accessToken });
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect(res.body.errors?.[0]?.extensions?.field).toBe("newPassword");
    expect((await gql(app.url, ME, {}, { token: other.accessToken })).body.data?.me).toBeTruthy();
  });

  it("needs a signed-in caller", async () => {
    const res = await gql(app.url, CHANGE_PASSWORD, { current: PASSWORD, next: "whatever it is" });
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
  });
});

const sessionsOf = async (token: string) =>
  (await gql(app.url, "{ sessions { id createdAt expiresAt current } }", {}, { token })).body.data?.sessions as {
    id: string;
    createdAt: string;
    expiresAt: string;
    current: boolean;
  }[];

describe("logs", () => {
  const IP = /^(::ffff:)?127\.0\.0\.1$|^::1$/;
  const lastEvent = (event: string) => app.logs.filter((line) => line.event === event).at(-1);

  it("attribute security events: client IP, user and session ids where known, a keyed hash of the attempted name", async () => {
    const reg = await registerUser(app, { username: uniqueUsername("Attrib") });
    const name = reg.user.username;
    await gql(app.url, LOGIN, { input: { username: name, password: "wrong password!" } });
    const wrong = lastEvent("auth.login.failed")!;
    expect(wrong).toMatchObject({ reason: "wrong_password", userId: reg.user.id, ip: expect.stringMatching(IP) });
    expect(wrong.usernameHash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // The same account however it is typed; never the name itself.
    await gql(app.url, LOGIN, { input: { username: name.toUpperCase(), password: "wrong password!" } });
    expect(lastEvent("auth.login.failed")!.usernameHash).toBe(wrong.usernameHash);
    expect(JSON.stringify(app.logs.filter((l) => String(l.event).startsWith("auth.login")))).not.toContain(name.toLowerCase());
    const ghost = uniqueUsername("ghost");
    await gql(app.url, LOGIN, { input: { username: ghost, password: PASSWORD } });
    const unknown = lastEvent("auth.login.failed")!;
    expect(unknown).toMatchObject({ reason: "unknown_user", ip: expect.stringMatching(IP) });
    expect(unknown.userId).toBeUndefined();
    expect(unknown.usernameHash).not.toBe(wrong.usernameHash);

    const sessionId = (await app.orm.em.fork().findOneOrFail(Session, { user: reg.user.id })).id;
    const rotated = (await gql(app.url, REFRESH, { t: reg.refreshToken })).body.data?.refreshToken;
    expect(lastEvent("auth.refresh.succeeded")).toMatchObject({ userId: reg.user.id, sessionId, ip: expect.stringMatching(IP) });
    app.clock.advance(REUSE_INTERVAL);
    await gql(app.url, REFRESH, { t: reg.refreshToken });
    expect(lastEvent("auth.refresh.reuse_detected")).toMatchObject({ userId: reg.user.id, sessionId, ip: expect.stringMatching(IP) });
    expect(rotated).toBeTruthy();

    const other = await login(app, name);
    await gql(app.url, LOGOUT, { t: other.refreshToken });
    const otherSession = (await app.orm.em.fork().findOneOrFail(Session, { refreshTokenHash: hashRefreshToken(other.refreshToken) })).id;
    expect(lastEvent("auth.logout")).toMatchObject({ userId: reg.user.id, sessionId: otherSession, ip: expect.stringMatching(IP) });
    await gql(app.url, LOGOUT, { t: other.refreshToken });
    expect(lastEvent("auth.logout.failed")).toMatchObject({ reason: "SESSION_REVOKED", sessionId: otherSession, ip: expect.stringMatching(IP) });

    const third = await login(app, name);
    await gql(app.url, "mutation { logoutAll }", {}, { token: third.accessToken });
    expect(lastEvent("auth.sessions.revoked")).toMatchObject({ userId: reg.user.id, reason: "logout_all", ip: expect.stringMatching(IP) });
  });


  it("name auth events and never contain a token, a password or a hash", async () => {
    const password = "a very secret passphrase";
    const reg = await registerUser(app, { password });
    await gql(app.url, LOGIN, { input: { username: reg.user.username, password: "wrong password!" } });
    const rotated = (await gql(app.url, REFRESH, { t: reg.refreshToken })).body.data?.refreshToken;
    await gql(app.url, REFRESH, { t: reg.refreshToken });
    await gql(app.url, ME, {}, { token: `${rotated.accessToken}x` });

    const events = new Set(app.logs.map((l) => l.event));
    for (const event of ["auth.register.succeeded", "auth.login.failed", "auth.refresh.succeeded", "auth.refresh.reuse_detected"]) {
      expect(events).toContain(event);
    }
    const text = app.logText();
    const user = await app.orm.em.fork().findOneOrFail(User, { id: reg.user.id }, { populate: ["passwordHash"] });
    for (const secret of [password, reg.accessToken, reg.refreshToken, rotated.accessToken, rotated.refreshToken, user.passwordHash, hashRefreshToken(reg.refreshToken)]) {
      expect(text).not.toContain(secret);
    }
  });
});

function toFullwidth(value: string): string {
  return [...value].map((c) => (/[!-~]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join("");
}

/** argon2id at m=19456 KiB, t=2, p=1 (the PHC string lists the parameters in any order). */
function expectOwaspArgon2id(hash: string): void {
  const params = /^\$argon2id\$v=19\$([^$]+)\$/.exec(hash)?.[1]?.split(",").sort();
  expect(params).toEqual(["m=19456", "p=1", "t=2"]);
}

describe("writes", () => {
  it("touch only what changed: a refresh does not rewrite the user or unrelated columns", async () => {
    const traced = await createTestApp({ LOG_LEVEL: "trace" });
    try {
      const reg = await registerUser(traced);
      const sql = await traced.queriesDuring(() => gql(traced.url, REFRESH, { t: reg.refreshToken }));
      const writes = sql.filter((q) => /^(update|insert|delete)/.test(q));
      expect(writes.some((q) => q.startsWith("update users"))).toBe(false);
      expect(writes.every((q) => !/created_at|expires_at/.test(q.split(" where ")[0]!))).toBe(true);
    } finally {
      await traced.stop();
    }
  });
});

describe("changePassword on a session that ended meanwhile", () => {
  it("issues nothing and keeps the old password", async () => {
    const reg = await registerUser(app);
    const em = app.orm.em.fork();
    const session = await em.findOneOrFail(Session, { user: reg.user.id });
    const caller = { id: reg.user.id, sessionId: session.id, role: reg.user.role as never, profile: await em.findOneOrFail(User, { id: reg.user.id }) };
    // The request passed its token check; then another device ended every session.
    await app.services.sessions.revokeAll(app.orm.em.fork(), reg.user.id, "logout_all");
    await expect(
      app.services.accounts.changePassword(app.orm.em.fork(), caller, PASSWORD, "a replacement passphrase", { userAgent: null, ip: "127.0.0.1" }),
    ).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED", reason: "TOKEN_REVOKED" } });
    await expect(login(app, reg.user.username)).resolves.toBeTruthy();
  });
});

describe.runIf(onPostgres())("changePassword racing a revocation (PostgreSQL: the two run side by side)", () => {
  it("replaces no session that a revocation ended while the change was under way", async () => {
    const reg = await registerUser(app);
    const findLive = app.services.sessions.findLive.bind(app.services.sessions);
    // Right after the change has found its session live, another device ends it (committed).
    const spy = vi.spyOn(app.services.sessions, "findLive").mockImplementation(async (em, userId, sessionId) => {
      const found = await findLive(em, userId, sessionId);
      await app.services.sessions.revokeAll(app.orm.em.fork(), userId, "logout_all");
      return found;
    });
    try {
      const res = await gql(app.url, CHANGE_PASSWORD, { current: PASSWORD, next: "a racing new passphrase" }, { token: reg.accessToken });
      expect(codeOf(res)).toBe("UNAUTHENTICATED");
    } finally {
      spy.mockRestore();
    }
    expect(await app.orm.em.fork().count(Session, { user: reg.user.id, revokedAt: null })).toBe(0);
    await expect(login(app, reg.user.username)).resolves.toBeTruthy(); // the old password stays
  });
});

