import { LockMode } from "@mikro-orm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LinkTokenService } from "../../src/accounts/link-tokens.js";
import { onPostgres } from "../helpers/database.js";
import { hashRefreshToken } from "../../src/auth/refresh-tokens.js";
import { LinkKind, LinkToken, User } from "../../src/entities/index.js";
import { registerUser } from "../helpers/factories.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

let app: TestApp;
let links: LinkTokenService;
beforeAll(async () => {
  app = await createTestApp();
  links = new LinkTokenService({ clock: app.clock, dialect: onPostgres() ? "postgres" : "sqlite" });
});
afterAll(() => app.stop());

const newUser = async () => (await registerUser(app, { email: "link@example.com" })).user.id;
/** Issued in a transaction of its own, as a flow does with its mail. */
const issue = (userId: string, kind: LinkKind, email = "ada@example.com") =>
  app.orm.em.fork().transactional((tx) => links.issue(tx, userId, kind, email));
const consume = (kind: LinkKind, token: string) => app.orm.em.fork().transactional((tx) => links.consume(tx, [kind], token));
const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => expect.fail("the token was accepted"),
    (e: { extensions?: Record<string, unknown> }) => e,
  );
  return error.extensions;
};

describe("link tokens", () => {
  it("are 256 random bits, stored only as their hash, expiring after 24 hours (verify, change_email) or 30 minutes (reset)", async () => {
    const userId = await newUser();
    const now = app.clock.now().getTime();
    const verify = await issue(userId, LinkKind.VERIFY);
    const reset = await issue(userId, LinkKind.RESET);
    const change = await issue(userId, LinkKind.CHANGE_EMAIL, "new@example.com");
    expect(verify.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(verify.token, "base64url")).toHaveLength(32);
    expect(verify.expiresAt).toEqual(new Date(now + 24 * 3600_000));
    expect(reset.expiresAt).toEqual(new Date(now + 30 * 60_000));
    expect(change.expiresAt).toEqual(new Date(now + 24 * 3600_000));
    const rows = await app.orm.em.fork().find(LinkToken, { user: userId });
    expect(rows.map((row) => row.tokenHash).sort()).toEqual([verify, reset, change].map((l) => hashRefreshToken(l.token)).sort());
    const stored = JSON.stringify(await app.orm.em.fork().getConnection().execute("select * from link_tokens"));
    for (const link of [verify, reset, change]) expect(stored).not.toContain(link.token);
  });

  it("is used once: it gives the user (and the new address) the first time, LINK_INVALID after", async () => {
    const userId = await newUser();
    const { token } = await issue(userId, LinkKind.CHANGE_EMAIL, "next@example.com");
    expect(await consume(LinkKind.CHANGE_EMAIL, token)).toEqual({ userId, kind: LinkKind.CHANGE_EMAIL, email: "next@example.com" });
    expect(await refusal(consume(LinkKind.CHANGE_EMAIL, token))).toMatchObject({ code: "BAD_USER_INPUT", reason: "LINK_INVALID" });
  });

  it("of two uses at once, lets exactly one through", async () => {
    const userId = await newUser();
    const { token } = await issue(userId, LinkKind.RESET);
    const results = await Promise.allSettled([consume(LinkKind.RESET, token), consume(LinkKind.RESET, token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("is LINK_EXPIRED once its time is up, and was good until then", async () => {
    const userId = await newUser();
    const first = await issue(userId, LinkKind.RESET);
    app.clock.advance(30 * 60 - 1);
    expect((await consume(LinkKind.RESET, first.token)).userId).toBe(userId);
    const second = await issue(userId, LinkKind.RESET);
    app.clock.advance(30 * 60);
    expect(await refusal(consume(LinkKind.RESET, second.token))).toMatchObject({ code: "BAD_USER_INPUT", reason: "LINK_EXPIRED" });
  });

  it("is replaced by the newest of its kind, and a link of another kind stays good", async () => {
    const userId = await newUser();
    const older = await issue(userId, LinkKind.VERIFY);
    const reset = await issue(userId, LinkKind.RESET);
    const newer = await issue(userId, LinkKind.VERIFY);
    expect(await refusal(consume(LinkKind.VERIFY, older.token))).toMatchObject({ reason: "LINK_INVALID" });
    expect((await consume(LinkKind.VERIFY, newer.token)).userId).toBe(userId);
    expect((await consume(LinkKind.RESET, reset.token)).userId).toBe(userId);
  });

  it("does not replace another user's links", async () => {
    const [ada, grace] = [await newUser(), await newUser()];
    const adas = await issue(ada, LinkKind.VERIFY);
    await issue(grace, LinkKind.VERIFY);
    expect((await consume(LinkKind.VERIFY, adas.token)).userId).toBe(ada);
  });

  it("is LINK_INVALID when unknown, malformed or presented as another kind", async () => {
    const userId = await newUser();
    const { token } = await issue(userId, LinkKind.RESET);
    for (const [kind, bad] of [
      [LinkKind.RESET, "A".repeat(43)],
      [LinkKind.RESET, "not a token"],
      [LinkKind.RESET, ""],
      [LinkKind.VERIFY, token],
    ] as const) {
      expect(await refusal(consume(kind, bad)), bad).toMatchObject({ code: "BAD_USER_INPUT", reason: "LINK_INVALID" });
    }
    expect((await consume(LinkKind.RESET, token)).userId).toBe(userId);
  });

  it("stays usable when the change it was used for rolls back", async () => {
    const userId = await newUser();
    const { token } = await issue(userId, LinkKind.VERIFY);
    await expect(
      app.orm.em.fork().transactional(async (tx) => {
        await links.consume(tx, [LinkKind.VERIFY], token);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await consume(LinkKind.VERIFY, token)).userId).toBe(userId);
  });

  it("is not issued when the transaction that issues it rolls back, and the older link it would replace stays good", async () => {
    const userId = await newUser();
    const older = await issue(userId, LinkKind.VERIFY);
    let token = "";
    await expect(
      app.orm.em.fork().transactional(async (tx) => {
        token = (await links.issue(tx, userId, LinkKind.VERIFY, "ada@example.com")).token;
        await tx.flush(); // written (and the older one deleted) inside the transaction
        throw new Error("the mail could not be queued");
      }),
    ).rejects.toThrow();
    expect(await refusal(consume(LinkKind.VERIFY, token))).toMatchObject({ reason: "LINK_INVALID" });
    expect((await consume(LinkKind.VERIFY, older.token)).userId).toBe(userId);
  });

  it("leaves one live token of two issued at once (two reset requests racing)", async () => {
    const userId = await newUser();
    const [first, second] = await Promise.all([issue(userId, LinkKind.RESET), issue(userId, LinkKind.RESET)]);
    expect(await app.orm.em.fork().count(LinkToken, { user: userId, kind: LinkKind.RESET })).toBe(1);
    const results = await Promise.allSettled([consume(LinkKind.RESET, first.token), consume(LinkKind.RESET, second.token)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("remember the address each was sent to, and check() refuses as consume() does without using the token", async () => {
    const userId = await newUser();
    const { token } = await issue(userId, LinkKind.RESET, "sent-to@example.com");
    await app.orm.em.fork().transactional((tx) => links.check(tx, [LinkKind.RESET], token));
    await expect(refusal(app.orm.em.fork().transactional((tx) => links.check(tx, [LinkKind.VERIFY], token)))).resolves.toMatchObject({
      reason: "LINK_INVALID",
    });
    expect(await consume(LinkKind.RESET, token)).toEqual({ userId, kind: LinkKind.RESET, email: "sent-to@example.com" });
    await expect(refusal(app.orm.em.fork().transactional((tx) => links.check(tx, [LinkKind.RESET], token)))).resolves.toMatchObject({
      reason: "LINK_INVALID",
    });
    const expiring = await issue(userId, LinkKind.RESET);
    app.clock.advance(30 * 60);
    await expect(
      refusal(app.orm.em.fork().transactional((tx) => links.check(tx, [LinkKind.RESET], expiring.token))),
    ).resolves.toMatchObject({ reason: "LINK_EXPIRED" });
  });

  it.runIf(onPostgres())("are followed and issued at once without a deadlock: both take the user's row first", async () => {
    const userId = await newUser();
    const { token } = await issue(userId, LinkKind.VERIFY);
    // A link being followed (the user's row locked by its flow after the link's) while
    // another of its kind is issued (the user's row first, then the older links deleted).
    const following = app.orm.em.fork();
    await following.begin();
    try {
      await links.consume(following, [LinkKind.VERIFY], token);
      const issuing = issue(userId, LinkKind.VERIFY);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the issue is waiting on a lock by now
      await following.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await following.commit();
      await expect(issuing).resolves.toMatchObject({ token: expect.any(String) });
    } finally {
      if (following.isInTransaction()) await following.rollback();
    }
  });

  it("go with the user", async () => {
    const userId = await newUser();
    await issue(userId, LinkKind.VERIFY);
    await app.orm.em.fork().nativeDelete(User, { id: userId });
    expect(await app.orm.em.fork().count(LinkToken, { user: userId })).toBe(0);
  });
});
