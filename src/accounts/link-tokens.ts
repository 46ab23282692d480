import { LockMode, type EntityManager } from "@mikro-orm/core";
import { generateRefreshToken, hashRefreshToken, isWellFormedRefreshToken } from "../auth/refresh-tokens.js";
import { LinkKind, LinkToken, User } from "../entities/index.js";
import type { Dialect } from "../db/orm.js";
import type { Clock } from "../lib/clock.js";
import { BadUserInputError } from "../lib/errors.js";

/**
 * The tokens of the links sent by e-mail. A token is the same kind of secret as a refresh
 * token (256 random bits, base64url, only its SHA-256 stored), single use, and the newest
 * of a kind replaces the user's older ones. Lifetimes as the contract fixes them.
 */

export const LINK_LIFETIME_SECONDS: Record<LinkKind, number> = {
  [LinkKind.VERIFY]: 24 * 3600,
  [LinkKind.RESET]: 30 * 60,
  [LinkKind.CHANGE_EMAIL]: 24 * 3600,
};

export interface IssuedLink {
  /** For the link only: never logged, never stored. */
  token: string;
  expiresAt: Date;
}

export interface ConsumedLink {
  userId: string;
  kind: LinkKind;
  /** The address the link was sent to. */
  email: string;
}

const INVALID = "This link is not valid (it was used, replaced by a newer one, or never issued): ask for a new one";
const EXPIRED = "This link has expired: ask for a new one";

export class LinkTokenService {
  constructor(private readonly options: { clock: Clock; dialect: Dialect }) {}

  /**
   * Deletes the user's older tokens of `kind` and adds the new one, for a link sent to
   * `email`, to `em`: like Outbox.enqueue, the caller's flush or commit writes it, so issue
   * both in the transaction that queues the mail carrying the link (a transaction is required).
   */
  async issue(em: EntityManager, userId: string, kind: LinkKind, email: string): Promise<IssuedLink> {
    const now = this.options.clock.now();
    const token = generateRefreshToken();
    const expiresAt = new Date(now.getTime() + LINK_LIFETIME_SECONDS[kind] * 1000);
    // Two issues at once (two reset requests) must leave one token. On PostgreSQL each delete
    // would miss the other's uncommitted insert: the user's row, locked first, puts them in
    // turn. SQLite has one writer at a time already.
    if (this.options.dialect === "postgres") await this.lockUser(em, userId);
    await em.nativeDelete(LinkToken, { user: userId, kind });
    em.persist(
      em.create(LinkToken, { tokenHash: hashRefreshToken(token), kind, user: em.getReference(User, userId), email, createdAt: now, expiresAt }),
    );
    return { token, expiresAt };
  }

  /**
   * Uses the token up, once: of two requests with one token, one succeeds. Throws
   * BAD_USER_INPUT with reason LINK_INVALID (unknown, malformed, of another kind, used or
   * replaced) or LINK_EXPIRED. Run it in the transaction of the change the link makes, so
   * that a failed change leaves the link usable.
   */
  async consume(em: EntityManager, kinds: readonly LinkKind[], token: string): Promise<ConsumedLink> {
    if (!isWellFormedRefreshToken(token)) throw invalid();
    const now = this.options.clock.now();
    const tokenHash = hashRefreshToken(token);
    // The user's row before the link's, on PostgreSQL, as issue() and a deletion take them:
    // taken the other way round, a link followed while another is issued (or the account
    // deleted) deadlocks.
    if (this.options.dialect === "postgres") {
      const owner = await em.findOne(LinkToken, { tokenHash }, { fields: ["user"], disableIdentityMap: true });
      if (owner) await this.lockUser(em, owner.user.id);
    }
    const used = await em.nativeUpdate(
      LinkToken,
      { tokenHash, kind: { $in: [...kinds] }, usedAt: null, expiresAt: { $gt: now } },
      { usedAt: now },
    );
    const row = await em.findOne(LinkToken, { tokenHash, kind: { $in: [...kinds] } }, { disableIdentityMap: true });
    if (used === 1 && row) return { userId: row.user.id, kind: row.kind, email: row.email };
    throw refusal(row, now);
  }

  /**
   * Whether the token would be consumed now, without using it: the same refusals as
   * consume. resetPassword asks before it hashes the new password, so that a made-up token
   * costs no hashing.
   */
  async check(em: EntityManager, kinds: readonly LinkKind[], token: string): Promise<void> {
    if (!isWellFormedRefreshToken(token)) throw invalid();
    const row = await em.findOne(
      LinkToken,
      { tokenHash: hashRefreshToken(token), kind: { $in: [...kinds] } },
      { disableIdentityMap: true },
    );
    const now = this.options.clock.now();
    if (!row || row.usedAt !== null || row.expiresAt <= now) throw refusal(row, now);
  }

  private async lockUser(em: EntityManager, userId: string): Promise<void> {
    await em.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ["id"], disableIdentityMap: true });
  }

  /** Deletes the user's links of `kinds` (an address changed, an account deleted). */
  async revoke(em: EntityManager, userId: string, kinds: readonly LinkKind[]): Promise<void> {
    await em.nativeDelete(LinkToken, { user: userId, kind: { $in: [...kinds] } });
  }
}

const invalid = () => new BadUserInputError(INVALID, "token", "LINK_INVALID");

function refusal(row: LinkToken | null, now: Date): BadUserInputError {
  if (row && row.usedAt === null && row.expiresAt <= now) return new BadUserInputError(EXPIRED, "token", "LINK_EXPIRED");
  return invalid();
}
