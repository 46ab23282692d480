import { LockMode, type EntityManager } from "@mikro-orm/core";
import type { Logger } from "pino";
import { keysetPage, type Page } from "../db/keyset-page.js";
import { Role, User } from "../entities/index.js";
import { BadUserInputError, NotFoundError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import type { ClientInfo, SessionService } from "../auth/sessions.js";

/** What an ADMIN may do to accounts. Every change takes effect on the user's next request. */

const LAST_ADMIN = "At least one active admin must remain";

export class UserAdminService {
  constructor(private readonly options: { sessions: SessionService; logger: Logger }) {}

  /** Every account, oldest first: the deprecated `users` list (usersConnection pages it). */
  list(em: EntityManager): Promise<User[]> {
    return em.find(User, {}, { orderBy: { createdAt: "asc", id: "asc" } });
  }

  /** A page of the accounts, oldest first. */
  page(em: EntityManager, first: number, after: string | null): Promise<Page<User>> {
    return keysetPage(em, User, { first, after, order: "asc" });
  }

  count(em: EntityManager): Promise<number> {
    return em.count(User);
  }

  /** Deactivating ends every session of the user at once and blocks sign-in. */
  async setActive(em: EntityManager, actorId: string, id: string, active: boolean, client: ClientInfo): Promise<User> {
    const user = await em.transactional(async (tx) => {
      const target = await this.get(tx, id);
      if (!active && target.isActive && target.role === Role.ADMIN) await keepAnAdmin(tx);
      target.isActive = active;
      if (!active) {
        // The user row first, as in changePassword: a sign-in in flight cannot keep a session.
        await tx.flush();
        await this.options.sessions.revokeAll(tx, target.id, "deactivated", client);
      }
      return target;
    });
    this.options.logger.info(
      { event: active ? "admin.user.activated" : "admin.user.deactivated", actorId, userId: user.id, ip: client.ip },
      "admin.user.active_changed",
    );
    return user;
  }

  /** The stored role is the one checked on every request, so a change applies at once. */
  async setRole(em: EntityManager, actorId: string, id: string, role: Role, client: ClientInfo): Promise<User> {
    const user = await em.transactional(async (tx) => {
      const target = await this.get(tx, id);
      if (role !== Role.ADMIN && target.role === Role.ADMIN && target.isActive) await keepAnAdmin(tx);
      target.role = role;
      return target;
    });
    this.options.logger.info(
      { event: "admin.user.role_changed", actorId, userId: user.id, role, ip: client.ip },
      "admin.user.role_changed",
    );
    return user;
  }

  private async get(em: EntityManager, id: string): Promise<User> {
    const user = isUuid(id) ? await em.findOne(User, { id }) : null;
    if (!user) throw new NotFoundError("User not found");
    return user;
  }
}

/**
 * Refuses to take away the last active admin: nobody could manage the service after. The
 * admins' rows are locked (FOR UPDATE on PostgreSQL; SQLite runs one writer at a time), so
 * two admins demoting each other at once cannot both succeed. Call it inside the
 * transaction of the change.
 */
export async function keepAnAdmin(em: EntityManager): Promise<void> {
  const admins = await em.find(User, { role: Role.ADMIN, isActive: true }, { fields: ["id"], lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: "asc" } });
  if (admins.length <= 1) throw new BadUserInputError(LAST_ADMIN);
}
