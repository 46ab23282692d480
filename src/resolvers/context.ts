import type { EntityManager } from "@mikro-orm/core";
import type { Logger } from "pino";
import type { AccountDeletion } from "../accounts/account-deletion.js";
import type { AccountService } from "../accounts/accounts.js";
import type { EmailFlows } from "../accounts/email-flows.js";
import type { ProfileService } from "../accounts/profile.js";
import type { UserAdminService } from "../accounts/user-admin.js";
import type { AuthUser, ClientInfo, SessionService } from "../auth/sessions.js";
import type { TokenService } from "../auth/tokens.js";
import type { Catalogue } from "../shop/catalogue.js";

/**
 * What resolvers are handed (server/context.ts builds it per request): the types only, so
 * that resolvers depend on the services, not on the HTTP layer.
 */

export interface Services {
  accounts: AccountService;
  accountDeletion: AccountDeletion;
  catalogue: Catalogue;
  emailFlows: EmailFlows;
  profiles: ProfileService;
  sessions: SessionService;
  tokens: TokenService;
  userAdmin: UserAdminService;
  logger: Logger;
}

/** The cookie transport's refresh cookie (server/refresh-cookie.ts does the HTTP part). */
export interface RefreshCookie {
  /**
   * The token the cookie holds; undefined when the request sent none. Throws FORBIDDEN
   * (CROSS_SITE_REQUEST) for a request from a page of a foreign origin.
   */
  read(): string | undefined;
  /** Sets it to `token` until the session ends. */
  set(token: string, sessionExpiresAt: Date): void;
  clear(): void;
}

/** What every resolver gets: its own EntityManager, the checked caller, and the services. */
export interface Context {
  em: EntityManager;
  user: AuthUser | null;
  client: ClientInfo;
  services: Services;
  refreshCookie: RefreshCookie;
}

/** The context of an `@Authorized` operation: the auth checker has made sure of `user`. */
export type SignedInContext = Context & { user: AuthUser };
