import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from "@mikro-orm/core";
import { User } from "./user.entity.js";

/** What a link in an e-mail does when followed. */
export enum LinkKind {
  VERIFY = "verify",
  RESET = "reset",
  CHANGE_EMAIL = "change_email",
}

/**
 * The token of a link sent by e-mail (verification, password reset, e-mail change): 256
 * random bits, stored only as a hash, single use. Issuing one deletes the user's older
 * ones of its kind, so only the newest link works (src/accounts/link-tokens.ts).
 */
@Entity({ tableName: "link_tokens" })
// The user's tokens of a kind: replaced by each new one.
@Index({ properties: ["user", "kind"] })
// The pruner's: links expired long ago.
@Index({ properties: ["expiresAt"] })
export class LinkToken {
  [OptionalProps]?: "id" | "createdAt" | "usedAt";

  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  /** SHA-256 (base64url) of the token in the link. */
  @Property({ type: "string", length: 64, unique: true })
  tokenHash!: string;

  // A plain column, not @Enum: MikroORM 6.6's SQLite introspection misreads a check of three values.
  @Property({ type: "string", length: 16 })
  kind!: LinkKind;

  @ManyToOne(() => User, { ref: true, deleteRule: "cascade" })
  user!: Ref<User>;

  /**
   * The address the link was sent to. A link works only while it is still the user's
   * address (verify, reset), or makes it the user's address (change_email).
   */
  @Property({ type: "string", length: 254 })
  email!: string;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType })
  expiresAt!: Date;

  @Property({ type: DateTimeType, nullable: true })
  usedAt: Date | null = null;
}
