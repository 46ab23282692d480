import { LockMode, type EntityManager, type FilterQuery } from "@mikro-orm/core";
import type { Dialect } from "../db/orm.js";
import { OutboxMail, OutboxStatus } from "../entities/index.js";

/** The mail worker's reads and writes of the outbox table. */

/** A row this worker holds the lease of, as it was claimed. */
export interface ClaimedMail {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  /** Including this one. */
  attempts: number;
  createdAt: Date;
  claimedUntil: Date;
}

/** Pending, due, and not leased by a live worker (a lease in the past is a worker that died). */
const due = (now: Date): FilterQuery<OutboxMail> => ({
  status: OutboxStatus.PENDING,
  nextAttemptAt: { $lte: now },
  $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }],
});

const claimed = (row: OutboxMail, claimedUntil: Date, attempts: number): ClaimedMail => ({
  id: row.id,
  recipient: row.recipient,
  subject: row.subject,
  text: row.text,
  html: row.html,
  attempts,
  createdAt: row.createdAt,
  claimedUntil,
});

/**
 * Leases up to `limit` due rows until `leaseEnd`, so that of several workers (instances)
 * exactly one takes each. PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` and the lease in
 * one transaction, so concurrent workers pass over each other's rows. SQLite (one writer
 * at a time): each row is taken by a conditional UPDATE that only a still-unclaimed row
 * satisfies, and counts as claimed only when it changed a row.
 */
export async function claimDue(em: EntityManager, dialect: Dialect, now: Date, leaseEnd: Date, limit: number): Promise<ClaimedMail[]> {
  const order = { orderBy: { nextAttemptAt: "asc" as const, id: "asc" as const }, limit };
  if (dialect === "postgres") {
    // An idle outbox (nearly every poll) costs one indexed read, not a transaction's three round trips.
    if ((await em.findOne(OutboxMail, due(now), { fields: ["id"], disableIdentityMap: true })) === null) return [];
    return em.transactional(async (tx) => {
      const rows = await tx.find(OutboxMail, due(now), { ...order, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
      for (const row of rows) {
        row.claimedUntil = leaseEnd;
        row.attempts += 1;
      }
      return rows.map((row) => claimed(row, leaseEnd, row.attempts));
    });
  }
  const candidates = await em.find(OutboxMail, due(now), order);
  const taken: ClaimedMail[] = [];
  for (const row of candidates) {
    const changed = await em.nativeUpdate(
      OutboxMail,
      { $and: [{ id: row.id, attempts: row.attempts }, due(now)] },
      { claimedUntil: leaseEnd, attempts: row.attempts + 1 },
    );
    if (changed === 1) taken.push(claimed(row, leaseEnd, row.attempts + 1));
  }
  return taken;
}

/** Only while the lease is still ours: false when it ran out and another worker took the row. */
export async function markSent(em: EntityManager, mail: ClaimedMail, now: Date): Promise<boolean> {
  const changed = await em.nativeUpdate(
    OutboxMail,
    { id: mail.id, claimedUntil: mail.claimedUntil },
    // The body goes: it holds the link, whose token is otherwise stored only as a hash.
    { status: OutboxStatus.SENT, sentAt: now, claimedUntil: null, lastError: null, text: "", html: null },
  );
  return changed === 1;
}

/** Back to pending for `nextAttemptAt`, or abandoned when `nextAttemptAt` is null. */
export async function markFailed(em: EntityManager, mail: ClaimedMail, reason: string, nextAttemptAt: Date | null): Promise<boolean> {
  const changed = await em.nativeUpdate(
    OutboxMail,
    { id: mail.id, claimedUntil: mail.claimedUntil },
    nextAttemptAt
      ? { claimedUntil: null, nextAttemptAt, lastError: reason }
      : { status: OutboxStatus.ABANDONED, claimedUntil: null, lastError: reason, text: "", html: null },
  );
  return changed === 1;
}

/** Deletes sent and abandoned rows queued before `before`; returns how many. */
export function pruneFinished(em: EntityManager, before: Date): Promise<number> {
  return em.nativeDelete(OutboxMail, { status: { $in: [OutboxStatus.SENT, OutboxStatus.ABANDONED] }, createdAt: { $lt: before } });
}
