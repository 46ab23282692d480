import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LinkTokenService } from "../../src/accounts/link-tokens.js";
import { SessionPruner } from "../../src/auth/session-pruner.js";
import { LinkKind, LinkToken, RetiredRefreshToken, Session } from "../../src/entities/index.js";
import { onPostgres } from "../helpers/database.js";
import { LOGOUT, REFRESH, registerUser, type Registered } from "../helpers/factories.js";
import { gql } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/** The server deletes what no request can use any more: ended sessions, their retired tokens, expired links. */

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ LOG_LEVEL: "trace" });
});
afterAll(() => app.stop());

const DAY = 86_400;
const em = () => app.orm.em.fork();
const sessionOf = async (pair: Registered) => (await em().findOneOrFail(Session, { user: pair.user.id })).id;
const rotate = async (pair: Registered) => (await gql(app.url, REFRESH, { t: pair.refreshToken })).body.data!.refreshToken as Registered;

describe("pruning", () => {
  it("deletes sessions ended over a week ago (revoked or expired) with their retired tokens, and keeps the others", async () => {
    await app.maintenance.prune(); // whatever other tests left
    const loggedOutLongAgo = await registerUser(app);
    await gql(app.url, LOGOUT, { t: loggedOutLongAgo.refreshToken });
    const expiring = await registerUser(app); // 30 days: expires, then a week passes
    await rotate(expiring); // a retired refresh token, to go with its session
    app.clock.advance(8 * DAY);
    const loggedOutNow = await registerUser(app);
    await gql(app.url, LOGOUT, { t: loggedOutNow.refreshToken });
    const live = await registerUser(app);
    const ids = {
      loggedOutLongAgo: await sessionOf(loggedOutLongAgo),
      expiring: await sessionOf(expiring),
      loggedOutNow: await sessionOf(loggedOutNow),
      live: await sessionOf(live),
    };
    expect(await em().count(RetiredRefreshToken, { session: ids.expiring })).toBe(1);

    expect(await app.maintenance.prune()).toEqual({ sessions: 1, links: 0 });
    expect(await em().count(Session, { id: ids.loggedOutLongAgo })).toBe(0);
    // The refresh token of a pruned session is simply unknown now.
    const late = await gql(app.url, REFRESH, { t: loggedOutLongAgo.refreshToken });
    expect(late.body.errors?.[0]?.extensions?.reason).toBe("REFRESH_TOKEN_INVALID");

    // 30 days after the start the second session expires; a week later it goes, retired token
    // and all. The live one (8 days younger) has not expired yet.
    app.clock.advance(22 * DAY + 7 * DAY + 1);
    const result = await app.maintenance.prune();
    expect(result.sessions).toBe(2); // expiring (ended 7 days ago) and loggedOutNow (revoked 29 days ago)
    expect(await em().count(Session, { id: { $in: [ids.expiring, ids.loggedOutNow] } })).toBe(0);
    expect(await em().count(RetiredRefreshToken, { session: ids.expiring })).toBe(0);
    expect(await em().count(Session, { id: ids.live })).toBe(1);
    expect(app.logs.filter((line) => line.event === "auth.pruned").at(-1)).toMatchObject({ sessions: 2, links: 0 });
  });

  it("deletes links expired over a week ago, and keeps a younger one", async () => {
    await app.maintenance.prune();
    const links = new LinkTokenService({ clock: app.clock, dialect: onPostgres() ? "postgres" : "sqlite" });
    const ada = await registerUser(app, { email: "ada.prune@example.com" });
    await em().transactional((tx) => links.issue(tx, ada.user.id, LinkKind.RESET, "ada.prune@example.com"));
    app.clock.advance(7 * DAY + 30 * 60 + 1);
    await em().transactional((tx) => links.issue(tx, ada.user.id, LinkKind.VERIFY, "ada.prune@example.com"));
    expect(await app.maintenance.prune()).toMatchObject({ links: 1 });
    expect(await em().count(LinkToken, { user: ada.user.id })).toBe(1);
  });

  it("deletes a large backlog in batches of short statements, and runs by itself on its interval", async () => {
    app.clock.advance(40 * DAY); // every session of the tests above has ended a week ago by now
    await app.maintenance.prune();
    for (let i = 0; i < 5; i++) {
      const pair = await registerUser(app);
      await gql(app.url, LOGOUT, { t: pair.refreshToken });
    }
    app.clock.advance(8 * DAY);
    const pruner = new SessionPruner({ orm: app.orm, clock: app.clock, logger: app.services.logger, interval: 20, policy: { batch: 2 } });
    const deletes = (await app.queriesDuring(() => pruner.prune())).filter((sql) => sql.startsWith("delete"));
    expect(deletes).toHaveLength(3); // 2 + 2 + 1
    for (let i = 0; i < 2; i++) {
      const pair = await registerUser(app);
      await gql(app.url, LOGOUT, { t: pair.refreshToken });
    }
    app.clock.advance(8 * DAY);
    pruner.start();
    try {
      await expect.poll(async () => em().count(Session, { revokedAt: { $ne: null } }), { timeout: 5000 }).toBe(0);
    } finally {
      await pruner.stop();
    }
  });
});

describe("an expired session", () => {
  it("is not ended (or counted) again by logoutAll: only live sessions are", async () => {
    const old = await registerUser(app);
    app.clock.advance(31 * DAY); // the first session has expired
    const fresh = await gql(app.url, "mutation($i: LoginInput!) { login(input: $i) { accessToken } }", {
      i: { username: old.user.username, password: "correct horse battery staple" },
    });
    const token = fresh.body.data!.login.accessToken as string;
    await gql(app.url, "mutation { logoutAll }", {}, { token });
    const ended = app.logs.filter((line) => line.event === "auth.sessions.revoked" && line.userId === old.user.id);
    expect(ended.map((line) => line.count)).toEqual([1]);
    const expired = await em().findOneOrFail(Session, { user: old.user.id }, { orderBy: { createdAt: "asc" } });
    expect(expired.revokedAt).toBeNull();
  });
});
