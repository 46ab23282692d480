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
  newEmail: string | null;
}

const INVALID = "This link is not valid (it was used, replaced by a newer one, or never issued): ask for a new one";
const EXPIRED = "This link has expired: ask for a new one";

export class LinkTokenService {
  constructor(private readonly options: { clock: Clock; dialect: Dialect }) {}

  /**
   * Deletes the user's older tokens of `kind` and adds the new one to `em`: like
   * Outbox.enqueue, the caller's flush or commit writes it, so issue both in the
   * transaction that queues the mail carrying the link (a transaction is required).
   */
  async issue(em: EntityManager, userId: string, kind: LinkKind, newEmail: string | null = null): Promise<IssuedLink> {
    if ((kind === LinkKind.CHANGE_EMAIL) !== (newEmail !== null)) {
      throw new TypeError("LinkTokenService.issue: a change_email link needs the new address, and only it takes one");
    }
    const now = this.options.clock.now();
    const token = generateRefreshToken();
    const expiresAt = new Date(now.getTime() + LINK_LIFETIME_SECONDS[kind] * 1000);
    // Two issues at once (two reset requests) must leave one token. On PostgreSQL each delete
    // would miss the other's uncommitted insert: the user's row, locked first, puts them in
    // turn. SQLite has one writer at a time already.
    if (this.options.dialect === "postgres") {
      await em.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ["id"], disableIdentityMap: true });
    }
    await em.nativeDelete(LinkToken, { user: userId, kind });
    em.persist(
      em.create(LinkToken, { tokenHash: hashRefreshToken(token), kind, user: em.getReference(User, userId), newEmail, createdAt: now, expiresAt }),
    );
    return { token, expiresAt };
  }

  /**
   * Uses the token up, once: of two requests with one token, one succeeds. Throws
   * BAD_USER_INPUT with reason LINK_INVALID (unknown, malformed, of another kind, used or
   * replaced) or LINK_EXPIRED. Run it in the transaction of the change the link makes, so
   * that a failed change leaves the link usable.
   */
  async consume(em: EntityManager, kind: LinkKind, token: string): Promise<ConsumedLink> {
    if (!isWellFormedRefreshToken(token)) throw new BadUserInputError(INVALID, "token", "LINK_INVALID");
    const now = this.options.clock.now();
    const tokenHash = hashRefreshToken(token);
    const used = await em.nativeUpdate(LinkToken, { tokenHash, kind, usedAt: null, expiresAt: { $gt: now } }, { usedAt: now });
    const row = await em.findOne(LinkToken, { tokenHash, kind }, { disableIdentityMap: true });
    if (used === 1 && row) return { userId: row.user.id, kind: row.kind, newEmail: row.newEmail };
    if (row && row.usedAt === null && row.expiresAt <= now) throw new BadUserInputError(EXPIRED, "token", "LINK_EXPIRED");
    throw new BadUserInputError(INVALID, "token", "LINK_INVALID");
  }
}
