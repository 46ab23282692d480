import type { AuthCheckerFn } from "type-graphql";
import type { Role } from "../entities/role.js";
import { ForbiddenError, NoTokenError } from "../lib/errors.js";
import type { AuthUser } from "./sessions.js";

/**
 * The one place that decides `@Authorized(...)`: signed in, and holding one of the roles if
 * any are named. It reads only `context.user`, whose role is the stored one, checked on this
 * request. Ownership (my cart, my session) is the business of the service that loads the row.
 */
export const authChecker: AuthCheckerFn<{ user: AuthUser | null }, Role> = ({ context }, roles) => {
  if (!context.user) throw new NoTokenError();
  if (roles.length > 0 && !roles.includes(context.user.role)) {
    throw new ForbiddenError("You do not have the role this needs");
  }
  return true;
};
