import { chmod, mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { createTransport, SendMailOptions, Transporter } from "nodemailer";
import type { Logger } from "pino";

/** How a queued e-mail leaves: over SMTP (SMTP_URL), or, outside production without it, into an .eml file. */

export interface OutgoingMail {
  /** The outbox row's id: the file name, and the Message-ID's local part (a resend is recognisably the same mail). */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface MailTransport {
  /** Resolves once the mail is accepted (by the SMTP server, or on disk); rejects otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The address inside `Name <address>`, or the address itself. */
const addressOf = (from: string) => /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;

const toNodemailer = (mail: OutgoingMail) => ({
  from: mail.from,
  // As a parsed address, and the envelope given: nodemailer parses nothing of it again.
  to: { name: "", address: mail.to },
  envelope: { from: addressOf(mail.from), to: [mail.to] },
  subject: mail.subject,
  text: mail.text,
  ...(mail.html === null ? {} : { html: mail.html }),
  messageId: `<${mail.id}@${addressOf(mail.from).split("@").pop()}>`,
});

/**
 * nodemailer's transporter, made on the first mail: nodemailer is ~2.8 MiB of heap once
 * loaded, which a server that has sent nothing (or runs with MAIL=off) need not hold.
 */
function lazyTransporter(options: Parameters<typeof createTransport>[0]) {
  let made: Promise<Transporter> | undefined;
  let transporter: Transporter | undefined;
  return {
    async sendMail(message: SendMailOptions): Promise<unknown> {
      made ??= import("nodemailer")
        .then(({ default: nodemailer }) => (transporter = nodemailer.createTransport(options)))
        .catch((error: unknown) => {
          made = undefined; // tried again with the next mail
          throw error;
        });
      return (await made).sendMail(message);
    },
    close: () => transporter?.close(),
  };
}

/**
 * One connection per mail (no pool: the worker sends a handful at a time), and timeouts
 * well inside the worker's lease, so that a hung server fails the attempt, to be retried.
 */
export function smtpTransport(url: string): MailTransport {
  const transporter = lazyTransporter({
    url,
    pool: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dnsTimeout: 10_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail(toNodemailer(mail));
    },
    close: transporter.close,
  };
}

/**
 * Development without SMTP_URL: each mail becomes `<dir>/<id>.eml`, a complete RFC 5322
 * message (open it in a mail client), mode 0600 in a folder made 0700. Only its path is
 * logged: the content holds the links.
 */
export function emlFileTransport(dir: string, logger: Logger): MailTransport {
  const transporter = lazyTransporter({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    async send(mail) {
      const { message } = (await transporter.sendMail(toNodemailer(mail))) as { message: Buffer };
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      const path = join(dir, `${mail.id}.eml`);
      // Written aside and renamed: a reader watching the folder never opens half a message.
      const partial = join(dir, `.${mail.id}.eml.partial`);
      await writeFile(partial, message, { mode: 0o600 });
      await rename(partial, path);
      logger.info({ event: "mail.written", id: mail.id, path }, "mail.written");
    },
    close: transporter.close,
  };
}
