import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, Index, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";

export enum OutboxStatus {
  PENDING = "pending",
  SENT = "sent",
  /** Given up on after the retries ran out (see src/mail/mail-worker.ts). */
  ABANDONED = "abandoned",
}

/**
 * One e-mail waiting to be sent, or sent. Rows are queued by Outbox.enqueue in the
 * transaction of the change that asks for them, and sent by the mail worker.
 */
@Entity({ tableName: "mail_outbox" })
// The worker's poll: pending rows whose time has come, earliest first.
@Index({ properties: ["status", "nextAttemptAt"] })
export class OutboxMail {
  [OptionalProps]?: "id" | "html" | "status" | "attempts" | "nextAttemptAt" | "claimedUntil" | "createdAt" | "sentAt" | "lastError";

  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  @Property({ type: "string", length: 254 })
  recipient!: string;

  @Property({ type: "string", length: 255 })
  subject!: string;

  @Property({ type: "text" })
  text!: string;

  @Property({ type: "text", nullable: true })
  html: string | null = null;

  // A plain column, not @Enum: MikroORM 6.6's SQLite introspection misreads a check of three
  // values, and would see a difference from the migration on every comparison.
  @Property({ type: "string", length: 16 })
  status: OutboxStatus = OutboxStatus.PENDING;

  /** Sending attempts begun (a claim counts as one, even if the worker then died). */
  @Property({ type: "integer" })
  attempts: number = 0;

  @Property({ type: DateTimeType })
  nextAttemptAt: Date = new Date();

  /** The lease of the worker sending it: until then no other worker takes it. */
  @Property({ type: DateTimeType, nullable: true })
  claimedUntil: Date | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, nullable: true })
  sentAt: Date | null = null;

  /** Why the last attempt failed, in a few words (an error code): never the message or its content. */
  @Property({ type: "string", length: 200, nullable: true })
  lastError: string | null = null;
}
