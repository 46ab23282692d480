import type { EntityManager } from "@mikro-orm/core";
import type { Logger } from "pino";
import { User } from "../entities/index.js";
import type { AuthUser } from "../auth/sessions.js";
import { validateName } from "./validation.js";

/** What a user changes about themselves that is not a credential: the display name. */

export interface ProfileChanges {
  /** undefined: unchanged; null or "": cleared. Checked as registration checks it. */
  name?: string | null;
}

export class ProfileService {
  constructor(private readonly options: { logger: Logger }) {}

  /** The e-mail is not changed here: that takes a link to the new address (changeEmail). */
  async update(em: EntityManager, caller: AuthUser, changes: ProfileChanges): Promise<User> {
    const name = changes.name === undefined ? undefined : validateName(changes.name);
    const user = await em.findOneOrFail(User, { id: caller.id });
    if (name !== undefined) user.name = name;
    await em.flush();
    this.options.logger.info(
      { event: "account.profile.updated", userId: user.id, sessionId: caller.sessionId, fields: name === undefined ? [] : ["name"] },
      "account.profile.updated",
    );
    return user;
  }
}
