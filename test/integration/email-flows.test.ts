import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LinkKind, LinkToken, OutboxMail, User } from "../../src/entities/index.js";
import { LOGOUT, PASSWORD, REFRESH, login, registerUser } from "../helpers/factories.js";
import {
  CHANGE_EMAIL,
  DELETE_ACCOUNT,
  ME_EMAIL as ME,
  REQUEST_RESET,
  REQUEST_VERIFICATION,
  RESET,
  VERIFY,
  deliver as deliverFrom,
  hasTokenLink,
  linkIn as linkFrom,
  verifiedUser as verifiedUserOf,
} from "../helpers/email-flows.js";
import { codeOf, gql, type GqlResponse } from "../helpers/gql.js";
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../helpers/smtp-server.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * The e-mail flows end to end: each link is read from a message a real SMTP server (in
 * this process) received, and followed as the web app would.
 */

let smtp: TestSmtpServer;
let app: TestApp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: "http://app.test:8080" });
});
afterAll(async () => {
  await app.stop();
  await smtp.close();
});
afterEach(async () => {
  // Nothing a test left in the outbox reaches the next one's deliver().
  await deliver();
  smtp.received.length = 0;
});

/** Every link token and password this file saw: none may appear in a log line (see the last test). */
const secrets = new Set<string>([PASSWORD]);

const deliver = (): Promise<ReceivedMail[]> => deliverFrom(app, smtp);
function linkIn(mail: ReceivedMail, page: "verify-email" | "reset-password"): { url: URL; token: string } {
  const link = linkFrom(mail, page, "http://app.test:8080");
  secrets.add(link.token);
  return link;
}
const verifiedUser = (email: string) => verifiedUserOf(app, smtp, email);
const extensionsOf = (res: GqlResponse<unknown>) => res.body.errors?.[0]?.extensions;
const linkRefusal = (reason: "LINK_INVALID" | "LINK_EXPIRED") => ({ code: "BAD_USER_INPUT", reason });

async function requestVerificationLink(accessToken: string): Promise<string> {
  expect((await gql(app.url, REQUEST_VERIFICATION, {}, { token: accessToken })).body.data).toEqual({ requestEmailVerification: true });
  const [mail, ...more] = await deliver();
  expect(more).toEqual([]);
  return linkIn(mail!, "verify-email").token;
}
async function requestResetLink(email: string): Promise<string> {
  expect((await gql(app.url, REQUEST_RESET, { e: email })).body.data).toEqual({ requestPasswordReset: true });
  const [mail, ...more] = await deliver();
  expect(more).toEqual([]);
  expect(mail!.to).toEqual([email]);
  return linkIn(mail!, "reset-password").token;
}

describe("e-mail verification", () => {
  it("sends a link to the address; following it verifies the address", async () => {
    const ada = await registerUser(app, { email: "ada@example.com" });
    expect((await gql(app.url, ME, {}, { token: ada.accessToken })).body.data?.me.emailVerified).toBe(false);
    expect((await gql(app.url, REQUEST_VERIFICATION, {}, { token: ada.accessToken })).body.data).toEqual({ requestEmailVerification: true });
    const [mail, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(mail!.to).toEqual(["ada@example.com"]);
    const { token } = linkIn(mail!, "verify-email");
    expect((await gql(app.url, VERIFY, { token })).body.data).toEqual({ verifyEmail: true });
    expect((await gql(app.url, ME, {}, { token: ada.accessToken })).body.data?.me).toMatchObject({ email: "ada@example.com", emailVerified: true });
    // Single use.
    expect(extensionsOf(await gql(app.url, VERIFY, { token }))).toMatchObject(linkRefusal("LINK_INVALID"));
  });

  it("works for 24 hours and not a second more", async () => {
    const early = await registerUser(app, { email: "early@example.com" });
    const late = await registerUser(app, { email: "late@example.com" });
    const earlyToken = await requestVerificationLink(early.accessToken);
    const lateToken = await requestVerificationLink(late.accessToken);
    app.clock.advance(24 * 3600 - 1);
    expect((await gql(app.url, VERIFY, { token: earlyToken })).body.data).toEqual({ verifyEmail: true });
    app.clock.advance(1);
    expect(extensionsOf(await gql(app.url, VERIFY, { token: lateToken }))).toMatchObject(linkRefusal("LINK_EXPIRED"));
  });

  it("is replaced by a newer link: the older one is LINK_INVALID, the newer one works", async () => {
    const kim = await registerUser(app, { email: "kim@example.com" });
    const older = await requestVerificationLink(kim.accessToken);
    const newer = await requestVerificationLink(kim.accessToken);
    expect(newer).not.toBe(older);
    expect(extensionsOf(await gql(app.url, VERIFY, { token: older }))).toMatchObject(linkRefusal("LINK_INVALID"));
    expect((await gql(app.url, VERIFY, { token: newer })).body.data).toEqual({ verifyEmail: true });
  });

  it("refuses a made-up token as LINK_INVALID", async () => {
    for (const token of ["", "not-a-token", "A".repeat(43)]) {
      expect(extensionsOf(await gql(app.url, VERIFY, { token })), token).toMatchObject(linkRefusal("LINK_INVALID"));
    }
  });

  it("stops working once the account's address changes, by changeEmail or otherwise", async () => {
    const ola = await registerUser(app, { email: "ola.first@example.com" });
    const forFirst = await requestVerificationLink(ola.accessToken);
    await gql(app.url, CHANGE_EMAIL, { e: "ola.second@example.com", p: PASSWORD }, { token: ola.accessToken });
    const [change] = await deliver();
    expect((await gql(app.url, VERIFY, { token: linkIn(change!, "verify-email").token })).body.data).toEqual({ verifyEmail: true });
    expect(extensionsOf(await gql(app.url, VERIFY, { token: forFirst }))).toMatchObject(linkRefusal("LINK_INVALID"));
    // The change deleted the links sent to the old address.
    expect(await app.orm.em.fork().count(LinkToken, { user: ola.user.id, kind: { $in: [LinkKind.VERIFY, LinkKind.RESET] } })).toBe(0);

    // An address changed some other way (an operator, in the database): the link is for the address it was sent to.
    const eve = await registerUser(app, { email: "eve.first@example.com" });
    const forEveFirst = await requestVerificationLink(eve.accessToken);
    await app.orm.em.fork().nativeUpdate(User, { id: eve.user.id }, { email: "eve.second@example.com" });
    expect(extensionsOf(await gql(app.url, VERIFY, { token: forEveFirst }))).toMatchObject(linkRefusal("LINK_INVALID"));
    expect((await gql(app.url, ME, {}, { token: eve.accessToken })).body.data?.me).toMatchObject({ email: "eve.second@example.com", emailVerified: false });
  });

  it("is refused without an address, or for an address verified already, sending nothing", async () => {
    const none = await registerUser(app);
    expect(extensionsOf(await gql(app.url, REQUEST_VERIFICATION, {}, { token: none.accessToken }))).toMatchObject({ code: "BAD_USER_INPUT" });
    const done = await verifiedUser("done@example.com");
    expect(extensionsOf(await gql(app.url, REQUEST_VERIFICATION, {}, { token: done.accessToken }))).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(await deliver()).toEqual([]);
  });
});

describe("password reset", () => {
  it("mails a link to a verified address; the new password works and every session ends", async () => {
    const email = "grace@example.com";
    const grace = await verifiedUser(email);

    expect((await gql(app.url, REQUEST_RESET, { e: "Grace@Example.com" })).body.data).toEqual({ requestPasswordReset: true });
    const [mail] = await deliver();
    expect(mail!.to).toEqual([email]);
    const { token } = linkIn(mail!, "reset-password");
    const newPassword = "a brand new passphrase";
    secrets.add(newPassword);
    expect((await gql(app.url, RESET, { token, p: newPassword })).body.data).toEqual({ resetPassword: true });

    const me = await gql(app.url, ME, {}, { token: grace.accessToken });
    expect(me.status).toBe(401);
    await expect(login(app, grace.user.username, PASSWORD)).rejects.toThrow();
    await login(app, grace.user.username, newPassword);
    // The owner is told, at the same address, without a link.
    const [notice] = await deliver();
    expect(notice!.to).toEqual([email]);
    expect(hasTokenLink(notice!)).toBe(false);
  });

  it("ends every session: each access token is 401 TOKEN_REVOKED, each refresh token refused", async () => {
    const hal = await verifiedUser("hal@example.com");
    const other = await login(app, hal.user.username);
    const token = await requestResetLink("hal@example.com");
    const newPassword = "hal's new password, long enough";
    secrets.add(newPassword);
    expect((await gql(app.url, RESET, { token, p: newPassword })).body.data).toEqual({ resetPassword: true });
    for (const session of [hal, other]) {
      const me = await gql(app.url, ME, {}, { token: session.accessToken });
      expect(me.status).toBe(401);
      expect(extensionsOf(me)).toMatchObject({ code: "UNAUTHENTICATED", reason: "TOKEN_REVOKED" });
      expect(extensionsOf(await gql(app.url, REFRESH, { t: session.refreshToken }))).toMatchObject({ code: "UNAUTHENTICATED", reason: "SESSION_REVOKED" });
    }
    // A reused link changes nothing.
    expect(extensionsOf(await gql(app.url, RESET, { token, p: "yet another new password" }))).toMatchObject(linkRefusal("LINK_INVALID"));
    await login(app, hal.user.username, newPassword);
  });

  it("sends nothing to an unverified or unknown address, and answers the same", async () => {
    await registerUser(app, { email: "unverified@example.com" });
    const known = await verifiedUser("known@example.com");
    const bodies = [];
    for (const e of [known.email, "unverified@example.com", "nobody-here@example.com"]) bodies.push((await gql(app.url, REQUEST_RESET, { e })).body);
    expect(bodies).toEqual(Array(3).fill({ data: { requestPasswordReset: true } }));
    expect((await deliver()).map((mail) => mail.to)).toEqual([[known.email]]);
  });

  it("works for 30 minutes and not a second more", async () => {
    await verifiedUser("ivy@example.com");
    const first = await requestResetLink("ivy@example.com");
    app.clock.advance(30 * 60 - 1);
    const newPassword = "ivy's new password, long enough";
    secrets.add(newPassword);
    expect((await gql(app.url, RESET, { token: first, p: newPassword })).body.data).toEqual({ resetPassword: true });
    await deliver(); // the notice of the reset
    const second = await requestResetLink("ivy@example.com");
    app.clock.advance(30 * 60);
    expect(extensionsOf(await gql(app.url, RESET, { token: second, p: newPassword }))).toMatchObject(linkRefusal("LINK_EXPIRED"));
  });

  it("is replaced by a newer link: the older one is LINK_INVALID", async () => {
    await verifiedUser("jo@example.com");
    const older = await requestResetLink("jo@example.com");
    const newer = await requestResetLink("jo@example.com");
    expect(extensionsOf(await gql(app.url, RESET, { token: older, p: "jo's new password, long" }))).toMatchObject(linkRefusal("LINK_INVALID"));
    expect((await gql(app.url, RESET, { token: newer, p: "jo's new password, long" })).body.data).toEqual({ resetPassword: true });
  });

  it("with a too-short password is BAD_USER_INPUT on newPassword, and leaves the link usable", async () => {
    const lea = await verifiedUser("lea@example.com");
    const token = await requestResetLink(lea.email);
    const short = await gql(app.url, RESET, { token, p: "short" });
    expect(extensionsOf(short)).toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword" });
    expect(await app.orm.em.fork().count(LinkToken, { user: lea.user.id, kind: LinkKind.RESET, usedAt: null })).toBe(1);
    expect((await gql(app.url, RESET, { token, p: "long enough this time" })).body.data).toEqual({ resetPassword: true });
  });

  it("with a dead link says so first, whatever the password: a new password cannot help", async () => {
    const ivy = await verifiedUser("ivy.dead-link@example.com");
    const token = await requestResetLink(ivy.email);
    expect((await gql(app.url, RESET, { token, p: "long enough this time" })).body.data).toEqual({ resetPassword: true });
    expect(extensionsOf(await gql(app.url, RESET, { token, p: "short" }))).toMatchObject(linkRefusal("LINK_INVALID"));
  });

  it("stops working once the address changes", async () => {
    const max = await verifiedUser("max.old@example.com");
    const token = await requestResetLink(max.email);
    await gql(app.url, CHANGE_EMAIL, { e: "max.new@example.com", p: PASSWORD }, { token: max.accessToken });
    const [change] = await deliver();
    await gql(app.url, VERIFY, { token: linkIn(change!, "verify-email").token });
    expect(extensionsOf(await gql(app.url, RESET, { token, p: "an attacker's password" }))).toMatchObject(linkRefusal("LINK_INVALID"));
    await login(app, max.user.username, PASSWORD);
  });
});

describe("e-mail change", () => {
  it("sends the link to the new address; the address changes, verified, when it is followed; the old one is told", async () => {
    const lin = await verifiedUser("lin.old@example.com");
    const asked = await gql(app.url, CHANGE_EMAIL, { e: "lin.new@example.com", p: PASSWORD }, { token: lin.accessToken });
    expect(asked.body.data).toEqual({ changeEmail: true });
    expect((await gql(app.url, ME, {}, { token: lin.accessToken })).body.data?.me.email).toBe("lin.old@example.com");
    const [mail, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(mail!.to).toEqual(["lin.new@example.com"]);
    await gql(app.url, VERIFY, { token: linkIn(mail!, "verify-email").token });
    expect((await gql(app.url, ME, {}, { token: lin.accessToken })).body.data?.me).toMatchObject({
      email: "lin.new@example.com",
      emailVerified: true,
    });
    const [notice] = await deliver();
    expect(notice!.to).toEqual(["lin.old@example.com"]);
    expect(hasTokenLink(notice!)).toBe(false);
  });

  it("to an address another account verified: a notice without a link goes there, and the answer is the same", async () => {
    await verifiedUser("taken@example.com");
    const sam = await registerUser(app, { email: "sam@example.com" });
    const toFree = await gql(app.url, CHANGE_EMAIL, { e: "free@example.com", p: PASSWORD }, { token: sam.accessToken });
    await deliver();
    const toTaken = await gql(app.url, CHANGE_EMAIL, { e: "Taken@Example.com", p: PASSWORD }, { token: sam.accessToken });
    expect(toTaken.body).toEqual(toFree.body);
    const [notice, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(notice!.to.map((to) => to.toLowerCase())).toEqual(["taken@example.com"]);
    expect(hasTokenLink(notice!)).toBe(false);
    expect(await app.orm.em.fork().count(LinkToken, { user: sam.user.id, email: { $like: "%aken@%" } })).toBe(0);
  });

  it("with a wrong password is BAD_USER_INPUT on currentPassword and sends nothing", async () => {
    const tom = await registerUser(app, { email: "tom@example.com" });
    const queued = await app.orm.em.fork().count(OutboxMail, {});
    const wrong = await gql(app.url, CHANGE_EMAIL, { e: "tom.new@example.com", p: "not the password" }, { token: tom.accessToken });
    expect(extensionsOf(wrong)).toMatchObject({ code: "BAD_USER_INPUT", field: "currentPassword" });
    expect(await app.orm.em.fork().count(OutboxMail, {})).toBe(queued);
    expect(await deliver()).toEqual([]);
    expect(await app.orm.em.fork().count(LinkToken, { user: tom.user.id })).toBe(0);
  });
});

describe("account deletion", () => {
  it("asks for the password, then the account and its sessions go, and a verified address is told", async () => {
    const bo = await verifiedUser("bo@example.com");
    const wrong = await gql(app.url, DELETE_ACCOUNT, { p: "not it at all" }, { token: bo.accessToken });
    expect(extensionsOf(wrong)).toMatchObject({ code: "BAD_USER_INPUT", field: "currentPassword" });
    expect(await deliver()).toEqual([]);
    const done = await gql(app.url, DELETE_ACCOUNT, { p: PASSWORD }, { token: bo.accessToken });
    expect(done.body.data).toEqual({ deleteAccount: true });
    expect((await gql(app.url, ME, {}, { token: bo.accessToken })).status).toBe(401);
    expect(codeOf(await gql(app.url, REFRESH, { t: bo.refreshToken }))).toBe("UNAUTHENTICATED");
    await expect(login(app, bo.user.username)).rejects.toThrow();
    const [notice, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(notice!.to).toEqual(["bo@example.com"]);
    expect(hasTokenLink(notice!)).toBe(false);
  });
});

describe("the public flows with a bad bearer header", () => {
  it("verifyEmail, requestPasswordReset and resetPassword ignore a malformed or stale Authorization header", async () => {
    const una = await verifiedUser("una@example.com");
    const nia = await registerUser(app, { email: "nia@example.com" });
    const verifyToken = await requestVerificationLink(nia.accessToken);
    await gql(app.url, LOGOUT, { t: nia.refreshToken }); // nia's access token is now revoked
    const stale = await registerUser(app);
    app.clock.advance(3600);
    expect(extensionsOf(await gql(app.url, ME, {}, { token: stale.accessToken }))).toMatchObject({ reason: "TOKEN_EXPIRED" });
    expect(extensionsOf(await gql(app.url, ME, {}, { token: nia.accessToken }))).toMatchObject({ reason: "TOKEN_EXPIRED" });
    for (const bearer of ["not.a.token", nia.accessToken, stale.accessToken]) {
      const headers = { authorization: `Bearer ${bearer}` };
      const asked = await gql(app.url, REQUEST_RESET, { e: una.email }, { headers });
      expect(asked.status).toBe(200);
      expect(asked.body).toEqual({ data: { requestPasswordReset: true } });
      const [mail] = await deliver();
      const reset = await gql(app.url, RESET, { token: linkIn(mail!, "reset-password").token, p: `a new password via ${bearer.length}` }, { headers });
      expect(reset.status).toBe(200);
      expect(reset.body).toEqual({ data: { resetPassword: true } });
      await deliver(); // the notice
    }
    const verified = await gql(app.url, VERIFY, { token: verifyToken }, { headers: { authorization: "Bearer not.a.token" } });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ data: { verifyEmail: true } });
  });
});

describe("the signed-in flows", () => {
  it("requestEmailVerification, changeEmail and deleteAccount need a caller: NO_TOKEN without one, 401 with a bad one", async () => {
    for (const [query, variables] of [
      [REQUEST_VERIFICATION, {}],
      [CHANGE_EMAIL, { e: "anyone@example.com", p: PASSWORD }],
      [DELETE_ACCOUNT, { p: PASSWORD }],
    ] as const) {
      const anonymous = await gql(app.url, query, variables);
      expect(anonymous.status, query).toBe(200);
      expect(extensionsOf(anonymous), query).toMatchObject({ code: "UNAUTHENTICATED", reason: "NO_TOKEN" });
      const bad = await gql(app.url, query, variables, { token: "not.a.token" });
      expect(bad.status, query).toBe(401);
      expect(extensionsOf(bad), query).toMatchObject({ code: "UNAUTHENTICATED", reason: "TOKEN_INVALID" });
    }
    expect(await deliver()).toEqual([]);
  });
});

describe("secrets", () => {
  it("never puts a link token or a password in a log line or an error message", async () => {
    const vic = await verifiedUser("vic@example.com");
    const token = await requestResetLink(vic.email);
    const refusals = [
      await gql(app.url, RESET, { token, p: "Sh0rt!x" }),
      await gql(app.url, CHANGE_EMAIL, { e: "vic.new@example.com", p: "a wrong current password" }, { token: vic.accessToken }),
      await gql(app.url, DELETE_ACCOUNT, { p: "a wrong current password" }, { token: vic.accessToken }),
    ];
    const newPassword = "vic's new password, long enough";
    secrets.add(newPassword);
    expect((await gql(app.url, RESET, { token, p: newPassword })).body.data).toEqual({ resetPassword: true });
    await deliver(); // the notice of the reset
    refusals.push(await gql(app.url, RESET, { token, p: "another password again" }));
    const expired = await requestResetLink(vic.email);
    app.clock.advance(30 * 60);
    refusals.push(await gql(app.url, RESET, { token: expired, p: "another password again" }));
    refusals.push(await gql(app.url, VERIFY, { token: expired }));
    for (const refusal of refusals) expect(refusal.body.errors, JSON.stringify(refusal.body)).toHaveLength(1);

    const answers = JSON.stringify(refusals.map((r) => r.body));
    for (const secret of [...secrets, "Sh0rt!x", "a wrong current password", "another password again"]) {
      expect(answers).not.toContain(secret);
    }
    const logs = app.logText();
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of [...secrets, "a wrong current password", "another password again"]) expect(logs).not.toContain(secret);
  });
});
