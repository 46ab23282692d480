import { DateTimeType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from "@mikro-orm/core";
import { Session } from "./session.entity.js";

/**
 * A refresh token that was rotated away. Seeing one again means it was copied: the whole
 * session it belongs to is revoked (reuse detection).
 */
@Entity({ tableName: "retired_refresh_tokens" })
export class RetiredRefreshToken {
  [OptionalProps]?: "retiredAt";

  /** SHA-256 (base64url) of the retired token. */
  @PrimaryKey({ type: "string", length: 64 })
  tokenHash!: string;

  @ManyToOne(() => Session, { ref: true, deleteRule: "cascade", index: true })
  session!: Ref<Session>;

  @Property({ type: DateTimeType })
  retiredAt: Date = new Date();
}
