import { LockMode, UniqueConstraintViolationException, type EntityManager, type MikroORM } from "@mikro-orm/core";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import { LinkKind, User } from "../entities/index.js";
import type { AuthUser, ClientInfo, SessionService } from "../auth/sessions.js";
import type { Throttle } from "../auth/throttle.js";
import type { BackgroundTasks } from "../lib/background.js";
import { BadUserInputError } from "../lib/errors.js";
import type { Outbox } from "../mail/outbox.js";
import {
  addressTakenMail,
  changeEmailMail,
  emailChangedMail,
  passwordResetDoneMail,
  resetPasswordMail,
  verificationMail,
} from "../mail/messages.js";
import type { AccountService } from "./accounts.js";
import type { LinkTokenService } from "./link-tokens.js";
import type { PasswordHasher } from "./passwords.js";
import { emailKey, requireEmail, validatePassword } from "./validation.js";

/**
 * The flows that go through a mailbox: verifying an address, changing it, resetting a
 * forgotten password. Each e-mail is queued in the transaction of the change that asks for
 * it (a link token issued, an address changed), and each link works once, for the address
 * it was sent to. A verified address belongs to one account (users.verified_email_key is
 * unique); nothing these operations answer tells whether an address has an account.
 */

/** MAIL=off: the flows that send e-mail are refused before any work, with this. */
export class MailUnavailableError extends GraphQLError {
  constructor() {
    super("E-mail is turned off on this server (MAIL=off): verification and password reset are not available", {
      extensions: { code: "SERVICE_UNAVAILABLE", reason: "MAIL_DISABLED" },
    });
  }
}

const EMAIL_TAKEN = "This address already belongs to another account";

export interface EmailFlowOptions {
  orm: MikroORM;
  accounts: AccountService;
  links: LinkTokenService;
  outbox: Outbox;
  passwords: PasswordHasher;
  sessions: SessionService;
  throttle: Throttle;
  background: BackgroundTasks;
  logger: Logger;
  /** PUBLIC_URL, or where the server listens: known once it listens. */
  publicUrl: () => string;
}

export class EmailFlows {
  constructor(private readonly options: EmailFlowOptions) {}

  /** A link to a page of the web app (verify-email, reset-password) carrying `token`. */
  private link(page: "verify-email" | "reset-password", token: string): string {
    const url = new URL(`/${page}`, this.options.publicUrl());
    url.searchParams.set("token", token);
    return url.href;
  }

  private get site(): string {
    return new URL(this.options.publicUrl()).host;
  }

  /** Whether e-mail is sent at all (MAIL, SMTP_URL): when not, every flow here is refused. */
  get mailEnabled(): boolean {
    return this.options.outbox.enabled;
  }

  private requireMail(): void {
    if (!this.options.outbox.enabled) throw new MailUnavailableError();
  }

  /** The user's row, locked until the transaction ends on PostgreSQL (SQLite has one writer at a time). */
  private lockUser(tx: EntityManager, id: string): Promise<User | null> {
    return tx.findOne(User, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /**
   * Sends a link to the caller's address. BAD_USER_INPUT without an address, or when it is
   * verified already.
   */
  async requestVerification(em: EntityManager, caller: AuthUser, client: ClientInfo): Promise<boolean> {
    this.requireMail();
    // The caller's row as this request's token check read it: nothing is queried before the throttle.
    const { email, emailVerified } = caller.profile;
    if (email === null) throw new BadUserInputError("Your account has no e-mail address: add one with changeEmail", "email");
    if (emailVerified) throw new BadUserInputError("Your e-mail address is verified already", "email");
    await this.options.throttle.emailRequest(emailKey(email), client.ip ?? "unknown");
    await this.sendLink(em, caller.id, LinkKind.VERIFY, email);
    this.options.logger.info(
      { event: "account.email.verification_requested", userId: caller.id, sessionId: caller.sessionId, ip: client.ip },
      "account.email.verification_requested",
    );
    return true;
  }

  /**
   * After the current password: a link to the new address, which becomes the account's
   * (verified) when it is followed. An address verified by another account gets a notice
   * instead of a link, and the answer is the same.
   */
  async changeEmail(em: EntityManager, caller: AuthUser, newEmail: string, currentPassword: string, client: ClientInfo): Promise<boolean> {
    const address = requireEmail(newEmail, "newEmail");
    this.requireMail();
    await this.options.throttle.emailRequest(emailKey(address), client.ip ?? "unknown");
    const user = await this.options.accounts.checkCurrentPassword(em, caller, currentPassword, client, "account.email.change_failed");
    if (user.emailVerified && user.email !== null && emailKey(user.email) === emailKey(address)) {
      throw new BadUserInputError("That is your verified address already", "newEmail");
    }
    await this.sendLink(em, user.id, LinkKind.CHANGE_EMAIL, address);
    this.options.logger.info(
      { event: "account.email.change_requested", userId: user.id, sessionId: caller.sessionId, ip: client.ip },
      "account.email.change_requested",
    );
    return true;
  }

  /**
   * Issues the link and queues its mail in one transaction; to an address another account
   * has verified, the mail is a notice without a link.
   */
  private async sendLink(em: EntityManager, userId: string, kind: LinkKind.VERIFY | LinkKind.CHANGE_EMAIL, address: string): Promise<void> {
    const { links, outbox } = this.options;
    await em.transactional(async (tx) => {
      const owner = await tx.findOne(User, { verifiedEmailKey: emailKey(address) }, { fields: ["id"], disableIdentityMap: true });
      if (owner && owner.id !== userId) {
        outbox.enqueue(tx, addressTakenMail({ to: address, site: this.site }));
        return;
      }
      const { token } = await links.issue(tx, userId, kind, address);
      const mail = kind === LinkKind.VERIFY ? verificationMail : changeEmailMail;
      outbox.enqueue(tx, mail({ to: address, site: this.site, link: this.link("verify-email", token) }));
    });
  }

  /**
   * Follows a verification or e-mail change link (both go to /verify-email). The address
   * becomes verified, and with a change link, the account's; the old address is told.
   */
  async verifyEmail(em: EntityManager, token: string, client: ClientInfo): Promise<boolean> {
    const { links, outbox, logger } = this.options;
    const { userId, kind } = await this.withUniqueAddress(() =>
      em.transactional(async (tx) => {
        let changedFrom: string | null = null;
        const link = await links.consume(tx, [LinkKind.VERIFY, LinkKind.CHANGE_EMAIL], token);
        const user = await this.lockUser(tx, link.userId);
        // A verification link is for the address it was sent to: one changed since cannot be verified by it.
        const stale = link.kind === LinkKind.VERIFY && (user?.email == null || emailKey(user.email) !== emailKey(link.email));
        if (!user || !user.isActive || stale) throw new BadUserInputError(LINK_NOT_USABLE, "token", "LINK_INVALID");
        if (link.kind === LinkKind.CHANGE_EMAIL) {
          if (user.email !== null && user.emailVerified && emailKey(user.email) !== emailKey(link.email)) changedFrom = user.email;
          user.email = link.email;
          // Links sent for the old address (a verification, a reset) must not work any more.
          await links.revoke(tx, user.id, [LinkKind.VERIFY, LinkKind.RESET]);
        }
        user.emailVerified = true;
        user.verifiedEmailKey = emailKey(link.email);
        await tx.flush();
        if (changedFrom !== null && outbox.enabled) {
          outbox.enqueue(tx, emailChangedMail({ to: changedFrom, site: this.site, newEmail: link.email }));
        }
        return { userId: user.id, kind: link.kind };
      }),
    );
    const event = kind === LinkKind.CHANGE_EMAIL ? "account.email.changed" : "account.email.verified";
    logger.info({ event, userId, ip: client.ip }, event);
    return true;
  }

  /** A verified address taken meanwhile by another account (the unique key): a clear refusal, the link left unused. */
  private async withUniqueAddress<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new BadUserInputError(EMAIL_TAKEN, "token", "EMAIL_TAKEN");
      throw error;
    }
  }

  /**
   * Always true, in the same time and shape: the request is checked and counted, and the
   * rest (is the address a verified one of an active account? then a link) runs after the
   * answer, so the answer cannot tell whether the address has an account.
   */
  async requestPasswordReset(email: string, client: ClientInfo): Promise<boolean> {
    const address = requireEmail(email);
    this.requireMail();
    await this.options.throttle.emailRequest(emailKey(address), client.ip ?? "unknown");
    this.options.background.start("account.password.reset_request", () => this.sendResetLink(address, client));
    return true;
  }

  private async sendResetLink(address: string, client: ClientInfo): Promise<void> {
    const { orm, links, outbox, logger } = this.options;
    const sent = await orm.em.fork().transactional(async (tx) => {
      const user = await tx.findOne(User, { verifiedEmailKey: emailKey(address), isActive: true });
      if (!user?.email) return null;
      const { token } = await links.issue(tx, user.id, LinkKind.RESET, user.email);
      outbox.enqueue(tx, resetPasswordMail({ to: user.email, site: this.site, link: this.link("reset-password", token) }));
      return user.id;
    });
    // Logged either way, without the address: the log tells an operator what happened, the answer tells nobody.
    logger.info(
      { event: "account.password.reset_requested", userId: sent ?? undefined, sent: sent !== null, ip: client.ip },
      "account.password.reset_requested",
    );
  }

  /**
   * Follows a reset link: the new password, every session ended (and so every access
   * token refused on its next request), the sign-in counters of the account cleared.
   */
  async resetPassword(em: EntityManager, token: string, newPassword: string, client: ClientInfo): Promise<boolean> {
    const { links, outbox, passwords, sessions, throttle, logger } = this.options;
    // The link first: a dead one is what the user must hear about (then a new password is no
    // use), and a made-up token costs no hashing.
    await links.check(em, [LinkKind.RESET], token);
    validatePassword(newPassword, "newPassword");
    const passwordHash = await passwords.hash(newPassword);
    const user = await em.transactional(async (tx) => {
      const link = await links.consume(tx, [LinkKind.RESET], token);
      const target = await this.lockUser(tx, link.userId);
      const stillTheirs =
        target?.isActive && target.emailVerified && target.email !== null && emailKey(target.email) === emailKey(link.email);
      if (!target || !stillTheirs) throw new BadUserInputError(LINK_NOT_USABLE, "token", "LINK_INVALID");
      target.passwordHash = passwordHash;
      // The user row first, as in changePassword: a sign-in that checked the old password cannot keep a session.
      await tx.flush();
      await sessions.revokeAll(tx, target.id, "password_reset", client);
      if (outbox.enabled && target.email) outbox.enqueue(tx, passwordResetDoneMail({ to: target.email, site: this.site }));
      return target;
    });
    await throttle.loginSucceeded(user.usernameKey, client.ip ?? "unknown");
    logger.info({ event: "auth.password.reset", userId: user.id, ip: client.ip }, "auth.password.reset");
    return true;
  }
}

const LINK_NOT_USABLE = "This link is not valid any more (the account or its address changed since): ask for a new one";
