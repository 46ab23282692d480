import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { Logger } from "pino";
import type { Dialect } from "../db/orm.js";
import type { Clock } from "../lib/clock.js";
import { repeatEvery } from "../lib/repeat.js";
import { claimDue, markFailed, markSent, pruneFinished, type ClaimedMail } from "./outbox-store.js";
import type { MailTransport } from "./transport.js";

/**
 * Sends what the outbox holds. Every poll it leases the rows that are due (outbox-store.ts:
 * each row goes to one worker, however many instances run), sends them one by one and marks
 * them sent; a failure is retried with exponential back-off until `giveUpAfter` from when
 * the mail was queued, then the row is abandoned (`mail.abandoned`). A worker that dies
 * between its claim and its send leaves a lease that runs out: the next poll, here or in
 * another instance, sends the mail then. Sent and abandoned rows are pruned after `keepFor`.
 *
 * Log lines name a mail by its id and its recipient's domain only: never the address, the
 * subject or the content (which holds links).
 */

export interface RetryPolicy {
  /** Seconds before the first retry; each further one waits twice as long, up to `maxDelay`. */
  firstDelay: number;
  maxDelay: number;
  /** Seconds after queueing when a mail that still fails is abandoned. */
  giveUpAfter: number;
  /** Seconds a claimed row is this worker's: each row is claimed just before its own send. */
  lease: number;
  /** Seconds a send may take before it counts as failed: well inside the lease, so that no other worker can take the row while it runs. */
  sendTimeout: number;
  /** Seconds sent and abandoned rows are kept. */
  keepFor: number;
  /** Rows sent per poll at most (claimed one at a time). */
  batch: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  firstDelay: 5,
  maxDelay: 3600,
  giveUpAfter: 24 * 3600,
  lease: 120,
  sendTimeout: 40,
  keepFor: 7 * 86_400,
  batch: 10,
};

const PRUNE_EVERY_SECONDS = 3600;
const FAILURE_LOG_EVERY_MS = 60_000;

export interface MailWorkerOptions {
  orm: MikroORM;
  dialect: Dialect;
  transport: MailTransport;
  /** The sender of every mail (MAIL_FROM). */
  from: string;
  clock: Clock;
  logger: Logger;
  /** Milliseconds between polls; null: only when tick() is called (tests drive it by hand). */
  pollInterval: number | null;
  policy?: Partial<RetryPolicy>;
}

export class MailWorker {
  private readonly policy: RetryPolicy;
  private polls: { stop(): void } | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastPrune: number | undefined;
  /** While the database is away: when the failure was last logged, and how many polls failed since. */
  private failing: { loggedAt: number; polls: number } | undefined;

  constructor(private readonly options: MailWorkerOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  }

  start(): void {
    const interval = this.options.pollInterval;
    if (interval === null || this.stopped) return;
    this.polls = repeatEvery(interval, () => this.tick());
  }

  /** Stops polling and waits for a poll in progress; the database may close after. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.polls?.stop();
    await this.running;
    this.options.transport.close();
  }

  /** One poll: claim what is due, send it, prune now and then. Never overlaps itself; never throws. */
  tick(): Promise<void> {
    return (this.running ??= this.poll().finally(() => (this.running = undefined)));
  }

  private async poll(): Promise<void> {
    const { orm, dialect, clock, logger } = this.options;
    try {
      const em = orm.em.fork();
      const now = clock.now();
      // One row at a time, each leased from the moment it is claimed: a batch leased at once
      // would see its last rows' leases run out behind slow sends, and other workers take them.
      for (let sent = 0; sent < this.policy.batch && !this.stopped; sent++) {
        const claimedAt = clock.now();
        const [mail] = await claimDue(em, dialect, claimedAt, new Date(claimedAt.getTime() + this.policy.lease * 1000), 1);
        if (!mail) break;
        await this.deliver(orm.em.fork(), mail);
      }
      if (this.lastPrune === undefined || now.getTime() - this.lastPrune >= PRUNE_EVERY_SECONDS * 1000) {
        this.lastPrune = now.getTime();
        const pruned = await pruneFinished(em, new Date(now.getTime() - this.policy.keepFor * 1000));
        if (pruned > 0) logger.info({ event: "mail.pruned", count: pruned }, "mail.pruned");
      }
      if (this.failing) logger.info({ event: "mail.worker.recovered", failedPolls: this.failing.polls }, "mail.worker.recovered");
      this.failing = undefined;
    } catch (error) {
      // The database is away, say: the next poll tries again. Logged once a minute, not once a
      // poll. No message: it may quote the SQL's values.
      const at = Date.now();
      const failing = (this.failing ??= { loggedAt: -Infinity, polls: 0 });
      failing.polls += 1;
      if (at - failing.loggedAt >= FAILURE_LOG_EVERY_MS) {
        failing.loggedAt = at;
        logger.error({ event: "mail.worker.failed", error: (error as Error).name, failedPolls: failing.polls }, "mail.worker.failed");
      }
    }
  }

  private async deliver(em: EntityManager, mail: ClaimedMail): Promise<void> {
    const { transport, from, clock, logger } = this.options;
    const log = { id: mail.id, recipientDomain: domainOf(mail.recipient), attempts: mail.attempts };
    // Past its give-up time before this attempt: no server took it for a day (every instance
    // was down, or sending it crashed the process again and again). Its links are dead anyway.
    if (clock.now().getTime() - mail.createdAt.getTime() >= this.policy.giveUpAfter * 1000) {
      await markFailed(em, mail, "EXPIRED", null);
      logger.error({ event: "mail.abandoned", ...log, reason: "EXPIRED" }, "mail.abandoned");
      return;
    }
    try {
      await withinSeconds(
        this.policy.sendTimeout,
        transport.send({ id: mail.id, from, to: mail.recipient, subject: mail.subject, text: mail.text, html: mail.html }),
      );
    } catch (error) {
      const reason = reasonOf(error);
      const now = clock.now();
      const givingUp = rejectsRecipient(error) || now.getTime() - mail.createdAt.getTime() >= this.policy.giveUpAfter * 1000;
      const delay = Math.min(this.policy.firstDelay * 2 ** (mail.attempts - 1), this.policy.maxDelay);
      const next = givingUp ? null : new Date(now.getTime() + delay * 1000);
      await markFailed(em, mail, reason, next);
      if (next) logger.warn({ event: "mail.failed", ...log, reason, nextAttemptAt: next.toISOString() }, "mail.failed");
      else logger.error({ event: "mail.abandoned", ...log, reason }, "mail.abandoned");
      return;
    }
    if (await markSent(em, mail, clock.now())) logger.info({ event: "mail.sent", ...log }, "mail.sent");
    else logger.warn({ event: "mail.lease_lost", ...log }, "mail.lease_lost");
  }
}

/**
 * The mail server refused the recipient for good (a 5xx to RCPT TO: no such mailbox): trying
 * again for a day would only hurt the sender's reputation. Other 5xx (a refused sender, bad
 * credentials) are the operator's to fix, and are retried meanwhile.
 */
function rejectsRecipient(error: unknown): boolean {
  const { permanent, command } = (error ?? {}) as { permanent?: unknown; command?: unknown };
  return permanent === true && command === "RCPT TO";
}

/** `work`, or a SendTimeout error once `seconds` have passed (a server that trickles bytes is not stopped by socket timeouts). */
function withinSeconds<T>(seconds: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("The send took too long"), { code: "ESENDTIMEOUT" })), seconds * 1000);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/**
 * A few words on why: nodemailer's error code (ECONNECTION, EAUTH, ETIMEDOUT, EENVELOPE…)
 * and the SMTP reply code. Never the error's message, which may quote the server's reply
 * and with it the addresses.
 */
export function reasonOf(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const name = typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code) ? code : "ERROR";
  return typeof responseCode === "number" ? `${name} ${responseCode}` : name;
}
