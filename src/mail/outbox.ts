import type { EntityManager } from "@mikro-orm/core";
import { OutboxMail } from "../entities/index.js";
import type { Clock } from "../lib/clock.js";

/**
 * The outbox: e-mails are queued as rows and sent later by the mail worker (mail-worker.ts).
 *
 * The contract of `enqueue`: it only persists the row in the EntityManager it is given; the
 * caller's flush, or the commit of the caller's `em.transactional`, writes it. Queue a mail
 * inside the transaction of the change that asks for it (a link token, say) and the two are
 * committed together or not at all: no mail for a change rolled back, no change without its
 * mail. Nothing is sent before the commit, and a slow or absent mail server never slows or
 * fails the request.
 */

export interface MailMessage {
  to: string;
  /** One line. */
  subject: string;
  text: string;
  html?: string | null;
}

/** MAIL=off: a flow that would send an e-mail cannot run (later flows turn this into a GraphQL error). */
export class MailDisabledError extends Error {
  constructor() {
    super("E-mail is turned off on this server (MAIL=off): nothing can be sent");
    this.name = "MailDisabledError";
  }
}

// One bare address: nothing an address parser could read as a second recipient or a group
// (`a@x.com:b@evil.com`), a display name or a comment.
const ONE_ADDRESS = /^[^\s<>,;:"()[\]\\@]+@[^\s<>,;:"()[\]\\@]+$/;
const RECIPIENT_MAX = 254;
const SUBJECT_MAX = 255;

export class Outbox {
  constructor(private readonly options: { enabled: boolean; clock: Clock }) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Adds the message to `em` (see above: the caller's flush or commit writes it). Throws MailDisabledError under MAIL=off. */
  enqueue(em: EntityManager, message: MailMessage): OutboxMail {
    if (!this.options.enabled) throw new MailDisabledError();
    if (message.to.length === 0 || message.to.length > RECIPIENT_MAX || !ONE_ADDRESS.test(message.to)) {
      throw new TypeError("Outbox.enqueue: `to` must be one bare address of at most 254 characters");
    }
    if (message.subject.length > SUBJECT_MAX || /[\r\n]/.test(message.subject)) {
      throw new TypeError("Outbox.enqueue: `subject` must be one line of at most 255 characters");
    }
    const now = this.options.clock.now();
    const row = em.create(OutboxMail, {
      recipient: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      createdAt: now,
      nextAttemptAt: now,
    });
    em.persist(row);
    return row;
  }
}
