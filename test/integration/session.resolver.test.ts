import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LOGOUT, ME, REFRESH, login, registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { onPostgres } from "../helpers/database.js";
import { Session } from "../../src/entities/index.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

const SESSIONS = `{ sessions { id createdAt lastUsedAt expiresAt userAgent current } }`;
const REVOKE = `mutation($id: ID!) { revokeSession(id: $id) }`;

interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}
const sessionsOf = async (token: string) =>
  ((await gql<{ sessions: SessionView[] }>(app.url, SESSIONS, {}, { token })).body.data?.sessions ?? []);

describe("sessions", () => {
  it("lists one session per sign-in, marks the caller's as current, and shows the user agent", async () => {
    const reg = await registerUser(app, {}, { "user-agent": "phone/1.0" });
    app.clock.advance(5);
    const laptop = await login(app, reg.user.username);
    const list = await sessionsOf(laptop.accessToken);
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.find((s) => s.current)?.userAgent).not.toBe("phone/1.0");
    expect(list.find((s) => !s.current)?.userAgent).toBe("phone/1.0");
    // Absolute expiry: 30 days from sign-in.
    const mine = list.find((s) => s.current)!;
    expect(Date.parse(mine.expiresAt) - Date.parse(mine.createdAt)).toBe(30 * 86_400_000);
  });

  it("leaves out ended and expired sessions", async () => {
    const reg = await registerUser(app);
    const second = await login(app, reg.user.username);
    await gql(app.url, LOGOUT, { t: reg.refreshToken });
    expect((await sessionsOf(second.accessToken)).map((s) => s.current)).toEqual([true]);
  });

  it("updates lastUsedAt when the session's access token is used, at most once a minute", async () => {
    const reg = await registerUser(app);
    const other = await login(app, reg.user.username);
    const lastUsed = async () => {
      const sessions = await sessionsOf(other.accessToken);
      return Date.parse(sessions.find((s) => !s.current)!.lastUsedAt);
    };
    const start = await lastUsed();
    app.clock.advance(30);
    await gql(app.url, ME, {}, { token: reg.accessToken });
    expect(await lastUsed()).toBe(start); // within the minute: not written again
    app.clock.advance(31);
    await gql(app.url, ME, {}, { token: reg.accessToken });
    expect(await lastUsed()).toBe(start + 61_000);
  });

  it("updates lastUsedAt on refresh", async () => {
    const reg = await registerUser(app);
    const [before] = await sessionsOf(reg.accessToken);
    app.clock.advance(120);
    const next = (await gql(app.url, REFRESH, { t: reg.refreshToken })).body.data?.refreshToken;
    const [after] = await sessionsOf(next.accessToken);
    expect(Date.parse(after!.lastUsedAt)).toBeGreaterThan(Date.parse(before!.lastUsedAt));
  });

  it("never shows another user's sessions", async () => {
    const a = await registerUser(app);
    const b = await registerUser(app);
    const ids = (await sessionsOf(a.accessToken)).map((s) => s.id);
    const bIds = (await sessionsOf(b.accessToken)).map((s) => s.id);
    expect(ids.some((id) => bIds.includes(id))).toBe(false);
  });

  it("needs a signed-in caller", async () => {
    expect(codeOf(await gql(app.url, SESSIONS))).toBe("UNAUTHENTICATED");
  });
});

describe("revokeSession", () => {
  it("ends one of the caller's sessions at once and keeps the others", async () => {
    const reg = await registerUser(app);
    const laptop = await login(app, reg.user.username);
    const phone = (await sessionsOf(reg.accessToken)).find((s) => s.current)!;
    const res = await gql(app.url, REVOKE, { id: phone.id }, { token: laptop.accessToken });
    expect(res.body.data?.revokeSession).toBe(true);
    const me = await gql(app.url, ME, {}, { token: reg.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.errors?.[0]?.extensions?.reason).toBe("TOKEN_REVOKED");
    expect(codeOf(await gql(app.url, REFRESH, { t: reg.refreshToken }))).toBe("UNAUTHENTICATED");
    expect((await gql(app.url, ME, {}, { token: laptop.accessToken })).body.data?.me).toBeTruthy();
  });

  it("answers another user's session exactly as an unknown id (NOT_FOUND) and leaves it alive", async () => {
    const a = await registerUser(app);
    const b = await registerUser(app);
    const bSession = (await sessionsOf(b.accessToken))[0]!;
    const theirs = await gql(app.url, REVOKE, { id: bSession.id }, { token: a.accessToken });
    const unknown = await gql(app.url, REVOKE, { id: randomUUID() }, { token: a.accessToken });
    expect(codeOf(theirs)).toBe("NOT_FOUND");
    // Nothing tells a session id that exists from one that does not.
    expect(theirs.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
    expect((await gql(app.url, ME, {}, { token: b.accessToken })).body.data?.me).toBeTruthy();
  });

  it("is NOT_FOUND for an id that does not exist", async () => {
    const a = await registerUser(app);
    for (const id of [randomUUID(), "not-a-uuid"]) {
      expect(codeOf(await gql(app.url, REVOKE, { id }, { token: a.accessToken }))).toBe("NOT_FOUND");
    }
  });

  it("needs a signed-in caller", async () => {
    expect(codeOf(await gql(app.url, REVOKE, { id: randomUUID() }))).toBe("UNAUTHENTICATED");
  });
});

describe("the per-request session check", () => {
  it("loads the user with the session, so `me` needs no query of its own", async () => {
    const traced = await createTestApp({ LOG_LEVEL: "trace" });
    try {
      const reg = await registerUser(traced);
      const sql = await traced.queriesDuring(() => gql(traced.url, ME, {}, { token: reg.accessToken }));
      // SQLite runs the check as a prepared statement outside the ORM (no log line); PostgreSQL as one raw query.
      expect(sql.filter((q) => q.startsWith("select"))).toHaveLength(onPostgres() ? 1 : 0);
      expect(sql.some((q) => q.includes("from users") && !q.includes("join"))).toBe(false);
    } finally {
      await traced.stop();
    }
  });

  it("forks no EntityManager for `me`, and one for a request that uses the ORM", async () => {
    const reg = await registerUser(app);
    const fork = vi.spyOn(app.orm.em, "fork");
    try {
      const me = await gql(app.url, ME, {}, { token: reg.accessToken });
      expect(me.body.data?.me.username).toBe(reg.user.username);
      expect(fork).not.toHaveBeenCalled();
      await gql(app.url, "{ sessions { id } }", {}, { token: reg.accessToken });
      expect(fork).toHaveBeenCalledTimes(1);
    } finally {
      fork.mockRestore();
    }
  });
});

describe("MAX_SESSIONS_PER_USER", () => {
  it("ends the sessions used longest ago once a sign-in passes the limit, with a log event", async () => {
    const capped = await createTestApp({ MAX_SESSIONS_PER_USER: "3" });
    try {
      const first = await registerUser(capped);
      const second = await login(capped, first.user.username);
      const third = await login(capped, first.user.username);
      // The first device is used again: now the second is the one used longest ago.
      capped.clock.advance(120);
      expect((await gql(capped.url, ME, {}, { token: first.accessToken })).status).toBe(200);
      capped.clock.advance(1);
      const fourth = await login(capped, first.user.username);
      const fifth = await login(capped, first.user.username);

      const live = (await gql(capped.url, SESSIONS, {}, { token: fifth.accessToken })).body.data?.sessions as { id: string }[];
      expect(live).toHaveLength(3);
      for (const ended of [second, third]) {
        const me = await gql(capped.url, ME, {}, { token: ended.accessToken });
        expect(me.status).toBe(401);
        expect(me.body.errors?.[0]?.extensions?.reason).toBe("TOKEN_REVOKED");
      }
      for (const kept of [first, fourth, fifth]) expect((await gql(capped.url, ME, {}, { token: kept.accessToken })).status).toBe(200);
      const events = capped.logs.filter((line) => line.event === "auth.sessions.limit_reached");
      expect(events.map((e) => e.ended)).toEqual([1, 1]);
      expect(events[0]).toMatchObject({ userId: first.user.id, limit: 3 });
    } finally {
      await capped.stop();
    }
  });

  it("keeps 100 live sessions per user by default", async () => {
    const reg = await registerUser(app);
    const em = app.orm.em.fork();
    const template = await em.findOneOrFail(Session, { user: reg.user.id });
    // 99 more sessions straight into the database, then one sign-in: 101 would be one too many.
    for (let i = 0; i < 99; i++) {
      em.create(Session, {
        user: template.user,
        refreshTokenHash: `hash-${i}-${randomUUID()}`.slice(0, 64),
        createdAt: template.createdAt,
        lastUsedAt: template.lastUsedAt,
        expiresAt: template.expiresAt,
      });
    }
    await em.flush();
    await login(app, reg.user.username);
    expect(await app.orm.em.fork().count(Session, { user: reg.user.id, revokedAt: null })).toBe(100);
  });
});
