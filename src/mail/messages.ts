import type { MailMessage } from "./outbox.js";

/**
 * The e-mails the account flows send: plain text and a simple HTML twin, each saying what
 * the link does, how long it works, and what to do when the reader did not ask for it.
 * `site` is the host users know the service by (PUBLIC_URL's).
 */

export interface LinkMail {
  to: string;
  site: string;
  /** The whole link, token included: it goes into the message and nowhere else. */
  link: string;
}

export function verificationMail({ to, site, link }: LinkMail): MailMessage {
  return compose(to, `Verify your e-mail address for ${site}`, [
    `Someone, probably you, gave this address to an account at ${site}.`,
    { link, label: "Verify this address" },
    "The link works once, for 24 hours.",
    `If it was not you, ignore this e-mail: the address stays unverified and nothing else happens.`,
  ]);
}

export function changeEmailMail({ to, site, link }: LinkMail): MailMessage {
  return compose(to, `Confirm your new e-mail address for ${site}`, [
    `Someone signed in to an account at ${site} asked to use this address for it.`,
    { link, label: "Use this address" },
    "The link works once, for 24 hours. The account keeps its old address until it is followed.",
    "If it was not you, ignore this e-mail: nothing changes.",
  ]);
}

export function resetPasswordMail({ to, site, link }: LinkMail): MailMessage {
  return compose(to, `Reset your password for ${site}`, [
    `Someone asked to reset the password of the account at ${site} that this address belongs to.`,
    { link, label: "Choose a new password" },
    "The link works once, for 30 minutes. Choosing a new password signs the account out everywhere.",
    "If it was not you, ignore this e-mail: your password stays as it is. If you get these often, tell the people who run the service.",
  ]);
}

/** In place of a link, when the address is already verified by another account: nothing is told to the asker. */
export function addressTakenMail({ to, site }: { to: string; site: string }): MailMessage {
  return compose(to, `This address already has an account at ${site}`, [
    `Someone asked to use this address for an account at ${site}, but it already belongs to one: an address can belong to one account only.`,
    "If it was you, sign in to the account this address belongs to instead (reset its password if you have forgotten it).",
    "If it was not you, ignore this e-mail: nothing changes.",
  ]);
}

export function emailChangedMail({ to, site, newEmail }: { to: string; site: string; newEmail: string }): MailMessage {
  return compose(to, `Your e-mail address at ${site} was changed`, [
    `The account at ${site} that used this address now uses ${newEmail}. E-mails about it, password resets included, go there from now on.`,
    "If it was not you, reset the account's password from the new address if you can, and tell the people who run the service at once.",
  ]);
}

export function passwordResetDoneMail({ to, site }: { to: string; site: string }): MailMessage {
  return compose(to, `Your password at ${site} was reset`, [
    `The password of your account at ${site} was just reset with a link sent to this address, and every session was signed out.`,
    "If it was not you, reset it again at once and tell the people who run the service.",
  ]);
}

export function accountDeletedMail({ to, site }: { to: string; site: string }): MailMessage {
  return compose(to, `Your account at ${site} was deleted`, [
    `Your account at ${site} was deleted, with its sessions, cart and wishlist. It cannot be restored.`,
    "If it was not you, tell the people who run the service at once.",
  ]);
}

type Part = string | { link: string; label: string };

function compose(to: string, subject: string, parts: Part[]): MailMessage {
  const text = parts.map((part) => (typeof part === "string" ? part : `${part.label}:\n${part.link}`)).join("\n\n");
  const body = parts
    .map((part) =>
      typeof part === "string"
        ? `<p>${escapeHtml(part)}</p>`
        : `<p><a href="${escapeHtml(part.link)}">${escapeHtml(part.label)}</a></p>\n<p style="color:#555;font-size:13px">Or copy this link into your browser: ${escapeHtml(part.link)}</p>`,
    )
    .join("\n");
  const html = `<!doctype html>\n<html><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:36em">\n${body}\n</body></html>\n`;
  return { to, subject, text: `${text}\n`, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
