import type { EntityManager } from "@mikro-orm/core";
import type { Logger } from "pino";
import { Role, Session, User } from "../entities/index.js";
import type { AuthUser, ClientInfo } from "../auth/sessions.js";
import { InvalidTokenError } from "../lib/errors.js";
import { accountDeletedMail } from "../mail/messages.js";
import type { Outbox } from "../mail/outbox.js";
import type { AccountService } from "./accounts.js";
import { keepAnAdmin } from "./user-admin.js";

/**
 * `deleteAccount`: the user leaves, with the password asked again. The account and
 * everything that is the user's (sessions and their retired refresh tokens, cart,
 * wishlist, links) go in one transaction; every access token is refused on its next
 * request, since its session is gone. The last active admin cannot leave.
 */
export class AccountDeletion {
  constructor(
    private readonly options: { accounts: AccountService; outbox: Outbox; logger: Logger; publicUrl: () => string },
  ) {}

  async delete(em: EntityManager, caller: AuthUser, currentPassword: string, client: ClientInfo): Promise<void> {
    const { accounts, outbox, logger } = this.options;
    await accounts.checkCurrentPassword(em, caller, currentPassword, client, "account.delete_failed");
    await em.transactional(async (tx) => {
      // Not locked by itself: keepAnAdmin locks every admin row in one statement, so two admins
      // leaving at once wait for each other instead of deadlocking.
      // Read again (not the row the password check loaded): a role or activation changed during the hash counts.
      const user = await tx.findOne(User, { id: caller.id }, { refresh: true });
      // Deleted or signed out meanwhile (from another device): the token no longer stands for anyone.
      const session = await tx.findOne(Session, { id: caller.sessionId, user: caller.id, revokedAt: null }, { fields: ["id"] });
      if (!user || !session) throw new InvalidTokenError("TOKEN_REVOKED");
      if (user.role === Role.ADMIN && user.isActive) await keepAnAdmin(tx);
      // The rest goes by the foreign keys' ON DELETE CASCADE (see the entities): sessions and
      // their retired refresh tokens, cart items, wishlist items, links.
      await tx.nativeDelete(User, { id: user.id });
      // A last word to a verified address: if it was not the owner, they learn of it at once.
      if (outbox.enabled && user.email !== null && user.emailVerified) {
        outbox.enqueue(tx, accountDeletedMail({ to: user.email, site: new URL(this.options.publicUrl()).host }));
      }
    });
    logger.info({ event: "account.deleted", userId: caller.id, sessionId: caller.sessionId, ip: client.ip }, "account.deleted");
  }
}
