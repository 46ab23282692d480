import { afterAll, vi } from "vitest";
import { partsOf, startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../../helpers/smtp-server.js";

/**
 * The mailbox of the browser tests that follow e-mail links: an SMTP server in the test
 * process that the built server sends to (MAIL=on, SMTP_URL), and the links its messages
 * carry, read as a person reads them.
 */
export interface Mailbox {
  /** Starts the SMTP server (stopped after the file's tests); resolves the server's environment for sending to it. */
  env(): Promise<Record<string, string>>;
  /** Waits for a message to `to` whose subject matches, and returns it (each message once). */
  next(to: string, subject: RegExp): Promise<{ mail: ReceivedMail; text: string }>;
  /** The link into the web app (verify-email or reset-password) of the next such message. */
  link(to: string, subject: RegExp): Promise<string>;
}

const APP_LINK = /https?:\/\/\S+\/(?:verify-email|reset-password)\?token=[\w-]+/;

export function useMailbox(): Mailbox {
  let smtp: TestSmtpServer | undefined;
  const taken = new Set<ReceivedMail>();
  const mailbox: Mailbox = {
    async env() {
      smtp = await startSmtpServer();
      return { MAIL: "on", SMTP_URL: smtp.url };
    },
    async next(to, subject) {
      // The worker polls the outbox every second: the message comes soon after the answer.
      const mail = await vi.waitFor(
        () => {
          const found = smtp?.received.find((m) => !taken.has(m) && m.to.includes(to) && subject.test(m.headers.get("subject") ?? ""));
          if (!found) throw new Error(`no message to ${to} with a subject like ${subject}`);
          return found;
        },
        { timeout: 15_000, interval: 100 },
      );
      taken.add(mail);
      return { mail, text: partsOf(mail.raw).get("text/plain") ?? "" };
    },
    async link(to, subject) {
      const { text } = await mailbox.next(to, subject);
      const link = APP_LINK.exec(text)?.[0];
      if (!link) throw new Error(`the message to ${to} carries no link into the app`);
      return link;
    },
  };
  afterAll(async () => smtp?.close());
  return mailbox;
}
