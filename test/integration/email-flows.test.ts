import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, login, registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { partsOf, startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../helpers/smtp-server.js";
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
afterEach(() => {
  smtp.received.length = 0;
});

const ME = "{ me { id email emailVerified } }";
const REQUEST_VERIFICATION = "mutation { requestEmailVerification }";
const VERIFY = "mutation($token: String!) { verifyEmail(token: $token) }";
const CHANGE_EMAIL = "mutation($e: String!, $p: String!) { changeEmail(newEmail: $e, currentPassword: $p) }";
const REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(email: $e) }";
const RESET = "mutation($token: String!, $p: String!) { resetPassword(token: $token, newPassword: $p) }";

/** Sends whatever the outbox holds (the worker's poll, by hand) and returns what arrived. */
async function deliver(): Promise<ReceivedMail[]> {
  await app.mail.settled();
  const before = smtp.received.length;
  while (await app.mail.worker!.tick()) {
    /* one message per tick */
  }
  return smtp.received.slice(before);
}

/** The one link in a message, checked to be the same in its text and HTML parts. */
function linkIn(mail: ReceivedMail, page: string): { url: URL; token: string } {
  const parts = partsOf(mail.raw);
  const pattern = new RegExp(`http://app\\.test:8080/${page}\\?token=[A-Za-z0-9_-]+`, "g");
  const inText = parts.get("text/plain")?.match(pattern) ?? [];
  const inHtml = parts.get("text/html")?.match(pattern) ?? [];
  expect(inText).toHaveLength(1);
  expect(inHtml).toContain(inText[0]);
  const url = new URL(inText[0]!);
  return { url, token: url.searchParams.get("token")! };
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
    expect((await gql(app.url, VERIFY, { token })).body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "LINK_INVALID" });
  });
});

describe("password reset", () => {
  it("mails a link to a verified address; the new password works and every session ends", async () => {
    const email = "grace@example.com";
    const grace = await registerUser(app, { email });
    await gql(app.url, REQUEST_VERIFICATION, {}, { token: grace.accessToken });
    await gql(app.url, VERIFY, { token: linkIn((await deliver())[0]!, "verify-email").token });

    expect((await gql(app.url, REQUEST_RESET, { e: "Grace@Example.com" })).body.data).toEqual({ requestPasswordReset: true });
    const [mail] = await deliver();
    expect(mail!.to).toEqual([email]);
    const { token } = linkIn(mail!, "reset-password");
    const newPassword = "a brand new passphrase";
    expect((await gql(app.url, RESET, { token, p: newPassword })).body.data).toEqual({ resetPassword: true });

    const me = await gql(app.url, ME, {}, { token: grace.accessToken });
    expect(me.status).toBe(401);
    await expect(login(app, grace.user.username, PASSWORD)).rejects.toThrow();
    await login(app, grace.user.username, newPassword);
    // The owner is told, at the same address.
    const [notice] = await deliver();
    expect(notice!.to).toEqual([email]);
  });

  it("sends nothing to an unverified or unknown address, and answers the same", async () => {
    await registerUser(app, { email: "unverified@example.com" });
    for (const e of ["unverified@example.com", "nobody-here@example.com"]) {
      expect((await gql(app.url, REQUEST_RESET, { e })).body).toEqual({ data: { requestPasswordReset: true } });
    }
    expect(await deliver()).toEqual([]);
  });
});

describe("e-mail change", () => {
  it("sends the link to the new address; the address changes, verified, when it is followed", async () => {
    const lin = await registerUser(app, { email: "lin.old@example.com" });
    const asked = await gql(app.url, CHANGE_EMAIL, { e: "lin.new@example.com", p: PASSWORD }, { token: lin.accessToken });
    expect(asked.body.data).toEqual({ changeEmail: true });
    expect((await gql(app.url, ME, {}, { token: lin.accessToken })).body.data?.me.email).toBe("lin.old@example.com");
    const [mail] = await deliver();
    expect(mail!.to).toEqual(["lin.new@example.com"]);
    await gql(app.url, VERIFY, { token: linkIn(mail!, "verify-email").token });
    expect((await gql(app.url, ME, {}, { token: lin.accessToken })).body.data?.me).toMatchObject({
      email: "lin.new@example.com",
      emailVerified: true,
    });
  });
});

describe("account deletion", () => {
  it("asks for the password, then the account and its sessions go", async () => {
    const bo = await registerUser(app);
    const wrong = await gql(app.url, "mutation { deleteAccount(currentPassword: \"not it at all\") }", {}, { token: bo.accessToken });
    expect(codeOf(wrong)).toBe("BAD_USER_INPUT");
    const done = await gql(app.url, "mutation($p: String!) { deleteAccount(currentPassword: $p) }", { p: PASSWORD }, { token: bo.accessToken });
    expect(done.body.data).toEqual({ deleteAccount: true });
    expect((await gql(app.url, ME, {}, { token: bo.accessToken })).status).toBe(401);
    await expect(login(app, bo.user.username)).rejects.toThrow();
  });
});
