import { UniqueConstraintViolationException, type EntityManager } from "@mikro-orm/core";
import type { Logger } from "pino";
import { RefreshTokenTransport, User } from "../entities/index.js";
import { BadUserInputError, InvalidTokenError, TooManyRequestsError, UnauthenticatedError } from "../lib/errors.js";
import { usernameSkeleton } from "../lib/lookalikes.js";
import { hasForbiddenCharacters } from "../lib/text.js";
import type { FastSql } from "../db/fast-sql.js";
import type { AuthCounters } from "../auth/auth-counters.js";
import type { PasswordHasher } from "./passwords.js";
import { findSignInUser } from "../auth/session-lookup.js";
import type { AuthUser, ClientInfo, SessionService, TokenPair } from "../auth/sessions.js";
import type { Throttle } from "../auth/throttle.js";
import {
  plausibleCredentials,
  usernameKey,
  validateEmail,
  validateName,
  validatePassword,
  validateUsername,
} from "./validation.js";

/** Accounts: registration, sign-in and password changes. */

export const INVALID_CREDENTIALS = "Invalid username or password";
const USERNAME_TAKEN = "That username is taken";

export interface RegisterInput {
  username: string;
  password: string;
  name?: string | null;
  email?: string | null;
  /** Where the new session's refresh token travels (BODY by default). */
  refreshTokenTransport?: RefreshTokenTransport | null;
}

export interface LoginInput {
  username: string;
  password: string;
  refreshTokenTransport?: RefreshTokenTransport | null;
}

export type NewUserInput = RegisterInput & { role?: User["role"] };

/**
 * Validates, hashes and adds a new user to `em`; the caller flushes (and maps a unique
 * violation with flushUnique). Shared by `register` and `npm run user:create`.
 */
export async function createUser(em: EntityManager, passwords: PasswordHasher, input: NewUserInput): Promise<User> {
  const username = validateUsername(input.username);
  const password = validatePassword(input.password);
  const name = validateName(input.name);
  const email = validateEmail(input.email);
  const key = usernameKey(username);
  // A name taken, or one that looks like a name taken (аdmin beside admin), is taken.
  const skeleton = usernameSkeleton(username);
  if ((await em.count(User, { $or: [{ usernameKey: key }, { usernameSkeleton: skeleton }] })) > 0) {
    throw new BadUserInputError(USERNAME_TAKEN, "username");
  }
  const passwordHash = await passwords.hash(password);
  return em.create(User, {
    username,
    usernameKey: key,
    usernameSkeleton: skeleton,
    name,
    email,
    passwordHash,
    ...(input.role ? { role: input.role } : {}),
  });
}

export interface AccountServiceOptions {
  sql: FastSql;
  passwords: PasswordHasher;
  sessions: SessionService;
  throttle: Throttle;
  logger: Logger;
  /** A username key's stand-in in the log (a keyed hash). */
  usernameHash: (usernameKey: string) => string;
  /** Sign-ins and the sessions they open, for /metrics. */
  counters: AuthCounters;
}

export class AccountService {
  constructor(private readonly options: AccountServiceOptions) {}

  /** Validates, hashes and adds a new user to `em`; the caller flushes. */
  createUser(em: EntityManager, input: NewUserInput): Promise<User> {
    return createUser(em, this.options.passwords, input);
  }

  /** Creates the user and its first session in one transaction. */
  async register(em: EntityManager, input: RegisterInput, client: ClientInfo): Promise<TokenPair> {
    await this.options.throttle.register(client.ip ?? "unknown");
    const user = await this.createUser(em, input);
    const pair = this.options.sessions.open(em, user, client, input.refreshTokenTransport ?? RefreshTokenTransport.BODY);
    await flushUnique(em);
    this.options.counters.sessionsOpened(1);
    this.options.logger.info(
      {
        event: "auth.register.succeeded",
        userId: user.id,
        sessionId: pair.sessionId,
        ip: client.ip,
        usernameHash: this.options.usernameHash(user.usernameKey),
      },
      "auth.register.succeeded",
    );
    return pair;
  }

  /**
   * One answer for an unknown name, a wrong password and a deactivated account. The user
   * lookup and the session insert skip the ORM (see session-lookup.ts): around the password
   * hash, they are what a sign-in costs.
   */
  async login(em: () => EntityManager, input: LoginInput, client: ClientInfo): Promise<TokenPair> {
    const { counters } = this.options;
    try {
      const pair = await this.signIn(em, input, client);
      counters.signIn("succeeded");
      return pair;
    } catch (error) {
      // Throttled: the back-off, or argon2's queue full; failed: every INVALID_CREDENTIALS answer.
      if (error instanceof UnauthenticatedError) counters.signIn("failed");
      else if (error instanceof TooManyRequestsError) counters.signIn("throttled");
      throw error;
    }
  }

  /** login's work; login counts how it ended. */
  private async signIn(em: () => EntityManager, input: LoginInput, client: ClientInfo): Promise<TokenPair> {
    const { passwords, sessions, throttle, logger, sql, usernameHash } = this.options;
    // Oversized input is refused before any work; the message stays the generic one.
    // A name no user can have (too long, control characters: PostgreSQL refuses NUL) is not looked up.
    if (!plausibleCredentials(input.username, input.password) || hasForbiddenCharacters(input.username)) {
      throw new UnauthenticatedError(INVALID_CREDENTIALS);
    }
    const key = usernameKey(input.username);
    const ip = client.ip ?? "unknown";
    await throttle.beginLogin(key, ip);
    const found = await findSignInUser(sql, key);
    const valid = await passwords.verify(found?.passwordHash ?? null, input.password);
    const fail = (reason: string): never => {
      logger.info(
        { event: "auth.login.failed", reason, userId: found?.user.id, ip: client.ip, usernameHash: usernameHash(key) },
        "auth.login.failed",
      );
      throw new UnauthenticatedError(INVALID_CREDENTIALS);
    };
    if (!found) return fail("unknown_user");
    if (!valid) return fail("wrong_password");
    if (!found.user.isActive) return fail("inactive");
    const transport = input.refreshTokenTransport ?? RefreshTokenTransport.BODY;
    let pair = await sessions.openAfterSignIn(found.user, found.passwordHash, client, transport);
    if (!pair) {
      // The hash changed while it was being checked. A sign-in beside this one may have
      // rehashed the same password (new parameters): check once against the hash as it is now.
      const now = await findSignInUser(sql, key);
      const same = now?.user.id === found.user.id && now.user.isActive && now.passwordHash !== found.passwordHash;
      if (same && (await passwords.verify(now.passwordHash, input.password))) {
        pair = await sessions.openAfterSignIn(now.user, now.passwordHash, client, transport);
      }
    }
    // The password changed or the account was deactivated while the hash was being checked.
    if (!pair) return fail("changed_meanwhile");
    await throttle.loginSucceeded(key, ip);
    if (passwords.needsRehash(found.passwordHash)) {
      // After the session, not before: of two sign-ins at once, one rehash wins and neither
      // sign-in fails. Only over the hash just verified: a password change meanwhile wins.
      // Best effort: the session is open, and a full hashing queue must not turn it into a refusal.
      try {
        const rehashed = await passwords.hash(input.password);
        await em().nativeUpdate(User, { id: found.user.id, passwordHash: found.passwordHash }, { passwordHash: rehashed });
      } catch (error) {
        logger.warn({ event: "auth.password.rehash_skipped", userId: found.user.id, error: (error as Error).name }, "auth.password.rehash_skipped");
      }
    }
    logger.info(
      { event: "auth.login.succeeded", userId: found.user.id, sessionId: pair.sessionId, ip: client.ip },
      "auth.login.succeeded",
    );
    return pair;
  }

  /**
   * Checks the current password, stores the new one and ends every session, this one
   * included, so that no access token issued before the change works any more. This
   * device goes on in a new session (same start and end, a new id) with the pair returned.
   */
  async changePassword(
    em: EntityManager,
    caller: AuthUser,
    currentPassword: string,
    newPassword: string,
    client: ClientInfo,
  ): Promise<TokenPair> {
    const { passwords, sessions, logger } = this.options;
    validatePassword(newPassword, "newPassword");
    const user = await this.checkCurrentPassword(em, caller, currentPassword, client, "auth.password.change_failed");
    const passwordHash = await passwords.hash(newPassword);
    const pair = await em.transactional(async (tx) => {
      const txUser = await tx.findOneOrFail(User, { id: caller.id });
      txUser.passwordHash = passwordHash;
      // The user row first: a sign-in that checked the old password now either finds the
      // hash changed or has its session ended with the others (see insertSessionIfUnchanged).
      await tx.flush();
      // Ended meanwhile (logoutAll from another device, say): no new pair, no new password.
      // The end of this session is one conditional update: on PostgreSQL it waits for, and
      // then sees, a revocation committed beside it, so a session ended meanwhile is never
      // replaced by a live one.
      const session = await sessions.findLive(tx, caller.id, caller.sessionId);
      if (!session || !(await sessions.endIfLive(tx, session, "password_changed"))) throw new InvalidTokenError("TOKEN_REVOKED");
      await sessions.revokeAll(tx, caller.id, "password_changed", client);
      return sessions.replace(tx, txUser, session);
    });
    this.options.counters.sessionsOpened(1);
    logger.info(
      { event: "auth.password.changed", userId: user.id, sessionId: pair.sessionId, endedSessionId: caller.sessionId, ip: client.ip },
      "auth.password.changed",
    );
    return pair;
  }

  /**
   * The password asked again before a change that needs it (changePassword, changeEmail,
   * deleteAccount): throttled like a sign-in, since a stolen access token must not be a way
   * to guess the password. Returns the caller's row; `failedEvent` is logged on a wrong one.
   */
  async checkCurrentPassword(
    em: EntityManager,
    caller: AuthUser,
    currentPassword: string,
    client: ClientInfo,
    failedEvent: string,
  ): Promise<User> {
    const { passwords, throttle, logger } = this.options;
    const ip = client.ip ?? "unknown";
    const user = await em.findOneOrFail(User, { id: caller.id }, { populate: ["passwordHash"] });
    await throttle.beginLogin(user.usernameKey, ip);
    const valid = plausibleCredentials("", currentPassword) && (await passwords.verify(user.passwordHash, currentPassword));
    if (!valid) {
      logger.info({ event: failedEvent, userId: user.id, sessionId: caller.sessionId, ip: client.ip }, failedEvent);
      throw new BadUserInputError(CURRENT_PASSWORD_INCORRECT, "currentPassword");
    }
    await throttle.loginSucceeded(user.usernameKey, ip);
    return user;
  }
}

export const CURRENT_PASSWORD_INCORRECT = "Current password is incorrect";

/** Flushes; a lost race for a unique username becomes the same answer as a taken one. */
export async function flushUnique(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new BadUserInputError(USERNAME_TAKEN, "username");
    throw error;
  }
}
