import { expect } from "vitest";
import type { App } from "../../src/app.js";
import { registerUser, type Registered } from "./factories.js";
import { gql } from "./gql.js";
import { partsOf, type ReceivedMail, type TestSmtpServer } from "./smtp-server.js";

/** The e-mail flows' documents, and the steps every mail test takes: deliver, read the link, follow it. */

export const ME_EMAIL = "{ me { id email emailVerified } }";
export const REQUEST_VERIFICATION = "mutation { requestEmailVerification }";
export const VERIFY = "mutation($token: String!) { verifyEmail(token: $token) }";
export const CHANGE_EMAIL = "mutation($e: String!, $p: String!) { changeEmail(newEmail: $e, currentPassword: $p) }";
export const REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(email: $e) }";
export const RESET = "mutation($token: String!, $p: String!) { resetPassword(token: $token, newPassword: $p) }";
export const DELETE_ACCOUNT = "mutation($p: String!) { deleteAccount(currentPassword: $p) }";

/**
 * Sends whatever the outbox holds (the worker's poll, by hand, after the work requests left
 * running) and returns what arrived.
 */
export async function deliver(app: Pick<App, "mail">, smtp: TestSmtpServer): Promise<ReceivedMail[]> {
  await app.mail.settled();
  const before = smtp.received.length;
  // A poll sends a batch: poll again until one sends nothing more.
  for (let seen = -1; seen !== smtp.received.length; ) {
    seen = smtp.received.length;
    await app.mail.worker!.tick();
  }
  return smtp.received.slice(before);
}

/** The one link to `page` in a message, checked to be the same in its text and HTML parts. */
export function linkIn(mail: ReceivedMail, page: "verify-email" | "reset-password", publicUrl: string): { url: URL; token: string } {
  const parts = partsOf(mail.raw);
  const escaped = `${publicUrl.replace(/\/$/, "")}/${page}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`${escaped}\\?token=[A-Za-z0-9_-]+`, "g");
  const inText = parts.get("text/plain")?.match(pattern) ?? [];
  const inHtml = parts.get("text/html")?.match(pattern) ?? [];
  expect(inText).toHaveLength(1);
  expect(inHtml).toContain(inText[0]);
  const url = new URL(inText[0]!);
  return { url, token: url.searchParams.get("token")! };
}

/** Whether a message carries any link with a token in it (a notice must not). */
export const hasTokenLink = (mail: ReceivedMail) => [...partsOf(mail.raw).values()].some((part) => /token=/.test(part));

/** A registered user whose address is verified, through the flow itself. */
export async function verifiedUser(
  app: Pick<App, "url" | "mail" | "publicUrl">,
  smtp: TestSmtpServer,
  email: string,
  headers: Record<string, string> = {},
): Promise<Registered & { email: string }> {
  const user = await registerUser(app, { email }, headers);
  const asked = await gql(app.url, REQUEST_VERIFICATION, {}, { token: user.accessToken, headers });
  if (asked.body.data?.requestEmailVerification !== true) throw new Error(`requestEmailVerification failed: ${JSON.stringify(asked.body)}`);
  const [mail] = await deliver(app, smtp);
  const verified = await gql(app.url, VERIFY, { token: linkIn(mail!, "verify-email", app.publicUrl).token }, { headers });
  if (verified.body.data?.verifyEmail !== true) throw new Error(`verifyEmail failed: ${JSON.stringify(verified.body)}`);
  return { ...user, email };
}
