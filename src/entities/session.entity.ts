import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from "@mikro-orm/core";
import { Field, ID, ObjectType } from "type-graphql";
import { RefreshTokenTransport } from "./refresh-token-transport.js";
import { User } from "./user.entity.js";

/**
 * One signed-in device: opened by login or registration, kept alive by rotating refresh
 * tokens, ended by logout, revocation, reuse detection or its absolute expiry.
 */
@ObjectType({ description: "A signed-in device of the current user.", simpleResolvers: true })
@Entity({ tableName: "sessions" })
// A user's live sessions, most recently used first, without reading the ended ones: the
// session list, the session cap at each sign-in, the end of every session.
@Index({ properties: ["user", "revokedAt", "lastUsedAt"] })
// The pruner's (auth/session-pruner.ts): sessions that ended long ago, by either end.
@Index({ properties: ["expiresAt"] })
@Index({ properties: ["revokedAt"] })
export class Session {
  [OptionalProps]?:
    | "id"
    | "createdAt"
    | "lastUsedAt"
    | "authenticatedAt"
    | "revokedAt"
    | "revokedReason"
    | "userAgent"
    | "ip"
    | "refreshTokenTransport"
    | "previousTokenHash"
    | "rotatedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  // Indexed with revokedAt and lastUsedAt (below): "the live sessions of this user".
  @ManyToOne(() => User, { ref: true, deleteRule: "cascade" })
  user!: Ref<User>;

  /** SHA-256 (base64url) of the one refresh token that is current for this session. */
  @Property({ type: "string", length: 64, unique: true, hidden: true })
  refreshTokenHash!: string;

  /**
   * The hash of the token the last rotation retired, and when: within the reuse interval
   * that token is answered with the current one (its successor) instead of ending the session.
   */
  @Property({ type: "string", length: 64, nullable: true, hidden: true })
  previousTokenHash: string | null = null;

  @Property({ type: DateTimeType, nullable: true })
  rotatedAt: Date | null = null;

  /** Where the refresh token travels, for the session's whole life. */
  @Property({ type: "string", length: 8, default: RefreshTokenTransport.BODY })
  refreshTokenTransport: RefreshTokenTransport = RefreshTokenTransport.BODY;

  /**
   * When the user last proved a credential on this session (the access tokens' auth_time).
   * Nullable only because SQLite cannot add a NOT NULL column without a constant default:
   * the migration sets it to createdAt for older sessions and every new session has it.
   */
  @Property({ type: DateTimeType, nullable: true })
  authenticatedAt: Date | null = null;

  @Field(() => Date)
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Field(() => Date, {
    description: "When the session was last used (a request with its access token, or a refresh), to the minute: it is written at most once a minute.",
  })
  @Property({ type: DateTimeType })
  lastUsedAt: Date = new Date();

  @Field(() => Date, { description: "The session ends then, however often it is refreshed." })
  @Property({ type: DateTimeType })
  expiresAt!: Date;

  @Property({ type: DateTimeType, nullable: true })
  revokedAt: Date | null = null;

  /** logout, logout_all, revoked, password_changed, reuse_detected, deactivated, session_limit */
  @Property({ type: "string", length: 32, nullable: true })
  revokedReason: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: "string", length: 255, nullable: true })
  userAgent: string | null = null;

  @Property({ type: "string", length: 64, nullable: true })
  ip: string | null = null;
}
