import { randomUUID } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import type { Logger } from "pino";
import type { Clock } from "../lib/clock.js";
import { type RefreshTokenTransport, RetiredRefreshToken, Session, type User } from "../entities/index.js";
import { NotFoundError, RefreshTokenRefusedError, TooManyRequestsError } from "../lib/errors.js";
import type { FastSql } from "../db/fast-sql.js";
import { isUuid } from "../lib/ids.js";
import { RefreshFlow, type RefreshFlowOptions } from "./refresh-flow.js";
import { generateRefreshToken, hashRefreshToken } from "./refresh-tokens.js";
import type { ClientInfo, RevokeReason, SessionStart, TokenPair } from "./session-types.js";
import {
  createSessionLookup,
  endSessionsOverLimit,
  insertSessionIfUnchanged,
  touchSession,
  type SessionLookup,
} from "./session-lookup.js";
import type { AuthCounters } from "./auth-counters.js";
import type { Throttle } from "./throttle.js";
import type { TokenService } from "./tokens.js";

/** Sessions: opened by sign-in, kept alive by rotating refresh tokens, ended by revocation. */

export type { ClientInfo, RevokeReason, TokenPair };

/** The signed-in caller as the server has just checked it: the stored role, not the token's. */
export interface AuthUser {
  id: string;
  sessionId: string;
  role: User["role"];
  /** The user row read with the session: detached, for reading only (`me`). */
  profile: User;
}

export class SessionRevokedError extends Error {
  constructor() {
    super("session revoked or user inactive");
    this.name = "SessionRevokedError";
  }
}

/** lastUsedAt is written at most this often per session, not on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export interface SessionServiceOptions {
  tokens: TokenService;
  clock: Clock;
  /** Absolute session lifetime in seconds. */
  refreshTokenTtl: number;
  /** Seconds the token a rotation retired may come back for the same successor (0: never). */
  reuseInterval: number;
  /** A rotation's new token from the old one (HMAC under a server key, see refresh-tokens.ts). */
  successor: (refreshToken: string) => string;
  /** Live sessions per user; a sign-in past it ends the one used longest ago. */
  maxSessionsPerUser: number;
  throttle: Throttle;
  /** The hot paths' SQL: the per-request session check, sign-in's insert, rotation (see session-lookup.ts). */
  sql: FastSql;
  logger: Logger;
  /** Sessions opened and revoked, refreshes and reuse detections, for /metrics. */
  counters: AuthCounters;
}

export class SessionService {
  private readonly lookup: SessionLookup;
  private readonly refresh: RefreshFlow;

  constructor(private readonly options: SessionServiceOptions) {
    this.lookup = createSessionLookup(options.sql);
    const issue: RefreshFlowOptions["issue"] = (user, token, start) => this.pair(user, token, start);
    this.refresh = new RefreshFlow(Object.assign({}, options, { issue }));
  }

  /** Adds a new session for `user` to `em` and returns its tokens; the caller flushes, then counts it (counters.sessionsOpened). */
  open(em: EntityManager, user: User, client: ClientInfo, transport: RefreshTokenTransport): TokenPair {
    const { refreshToken, createdAt, ...fields } = this.draft(client);
    const session = em.create(Session, {
      user,
      createdAt,
      lastUsedAt: createdAt,
      authenticatedAt: createdAt,
      refreshTokenTransport: transport,
      ...fields,
    });
    return this.pair(user, refreshToken, { sessionId: session.id, transport, authenticatedAt: createdAt, expiresAt: fields.expiresAt });
  }

  /**
   * Opens a session for a user who has just proven their password, in one conditional
   * insert: null when the password changed or the account was deactivated meanwhile, so a
   * sign-in racing either cannot leave a session behind (see insertSessionIfUnchanged).
   */
  async openAfterSignIn(
    user: User,
    passwordHash: string,
    client: ClientInfo,
    transport: RefreshTokenTransport,
  ): Promise<TokenPair | null> {
    const { refreshToken, ...fields } = this.draft(client);
    const session = { id: randomUUID(), userId: user.id, refreshTokenTransport: transport, ...fields };
    const opened = await insertSessionIfUnchanged(this.options.sql, session, passwordHash);
    if (!opened) return null;
    this.options.counters.sessionsOpened(1);
    await this.endOverLimit(user.id, fields.createdAt, client.ip);
    return this.pair(user, refreshToken, {
      sessionId: session.id,
      transport,
      authenticatedAt: fields.createdAt,
      expiresAt: fields.expiresAt,
    });
  }

  /** Past MAX_SESSIONS_PER_USER live sessions, the ones used longest ago end (one statement). */
  private async endOverLimit(userId: string, now: Date, ip: string | null): Promise<void> {
    const { sql, maxSessionsPerUser, logger } = this.options;
    const ended = await endSessionsOverLimit(sql, userId, maxSessionsPerUser, now);
    if (ended > 0) {
      this.options.counters.sessionsRevoked("session_limit", ended);
      logger.info(
        { event: "auth.sessions.limit_reached", userId, ended, limit: maxSessionsPerUser, ip },
        "auth.sessions.limit_reached",
      );
    }
  }

  /** A new session's fields, however it is stored: a fresh refresh token and its hash, the times, the client. */
  private draft(client: ClientInfo) {
    const now = this.options.clock.now();
    const refreshToken = generateRefreshToken();
    return {
      refreshToken,
      refreshTokenHash: hashRefreshToken(refreshToken),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.options.refreshTokenTtl * 1000),
      userAgent: client.userAgent?.slice(0, 255) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
    };
  }

  /** Exchanges a refresh token for a new pair and retires it (see refresh-flow.ts). */
  async rotate(em: () => EntityManager, refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    const { counters } = this.options;
    try {
      const pair = await this.refresh.rotate(em, refreshToken, client);
      counters.refresh("succeeded");
      return pair;
    } catch (error) {
      if (error instanceof RefreshTokenRefusedError) counters.refresh("refused");
      else if (error instanceof TooManyRequestsError) counters.refresh("throttled");
      throw error;
    }
  }

  /** Ends the session of a refresh token (logout); the session's transport (see refresh-flow.ts). */
  endByRefreshToken(em: () => EntityManager, refreshToken: string, client: ClientInfo): Promise<RefreshTokenTransport> {
    return this.refresh.end(em, refreshToken, client);
  }

  /** Ends every live session of a user; `client` is who asked, for the log. Returns how many ended. */
  async revokeAll(em: EntityManager, userId: string, reason: RevokeReason, client?: ClientInfo): Promise<number> {
    const now = this.options.clock.now();
    // Live ones only: an expired session is over already, and is not counted as ended now.
    const count = await em.nativeUpdate(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: now } },
      { revokedAt: now, revokedReason: reason },
    );
    this.options.counters.sessionsRevoked(reason, count);
    this.options.logger.info(
      { event: "auth.sessions.revoked", userId, reason, count, ip: client?.ip },
      "auth.sessions.revoked",
    );
    return count;
  }

  /**
   * Ends one session of the caller. Another user's session is NOT_FOUND, exactly as an
   * unknown id: the answer must not tell that a session id exists.
   */
  async revokeOwn(em: EntityManager, userId: string, sessionId: string, client: ClientInfo): Promise<void> {
    const session = isUuid(sessionId) ? await em.findOne(Session, { id: sessionId, user: userId }) : null;
    if (!session) throw new NotFoundError("Session not found");
    if (session.revokedAt === null) {
      session.revokedAt = this.options.clock.now();
      session.revokedReason = "revoked";
      await em.flush();
      this.options.counters.sessionsRevoked("revoked", 1);
      this.options.logger.info({ event: "auth.session.revoked", userId, sessionId, ip: client.ip }, "auth.session.revoked");
    }
  }

  /** One live session of a user, or null when it has ended or expired. */
  findLive(em: EntityManager, userId: string, sessionId: string): Promise<Session | null> {
    return em.findOne(Session, {
      id: sessionId,
      user: userId,
      revokedAt: null,
      expiresAt: { $gt: this.options.clock.now() },
    });
  }

  /** The caller's sessions that can still be refreshed, most recently used first. */
  listLive(em: EntityManager, userId: string): Promise<Session[]> {
    return em.find(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: this.options.clock.now() } },
      { orderBy: { lastUsedAt: "desc", createdAt: "desc" } },
    );
  }

  /**
   * Per request: one indexed lookup (session joined with its user) decides that the token's
   * session is live and its user active. Throws SessionRevokedError otherwise.
   */
  async authenticate(claims: { sub: string; sid: string }): Promise<AuthUser> {
    if (!isUuid(claims.sid)) throw new SessionRevokedError();
    const record = await this.lookup(claims.sid);
    const now = this.options.clock.now();
    const live = record && record.revokedAt === null && record.expiresAt > now;
    if (!live || record.userId !== claims.sub || !record.user.isActive) throw new SessionRevokedError();
    if (now.getTime() - record.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      await touchSession(this.options.sql, claims.sid, now);
    }
    return { id: record.userId, sessionId: claims.sid, role: record.user.role, profile: record.user };
  }

  /** Ends `session` if it is still live, as one conditional update; whether it did. */
  async endIfLive(em: EntityManager, session: Session, reason: RevokeReason): Promise<boolean> {
    const now = this.options.clock.now();
    const ended = await em.nativeUpdate(
      Session,
      { id: session.id, revokedAt: null, expiresAt: { $gt: now } },
      { revokedAt: now, revokedReason: reason },
    );
    if (ended === 1) this.options.counters.sessionsRevoked(reason, 1);
    return ended === 1;
  }

  /**
   * A new session in place of `ended` (which the caller has just revoked): the same device,
   * start and absolute end, a new id and refresh token, so that every access token of the
   * old one stops working. The caller flushes, then counts it (counters.sessionsOpened).
   */
  replace(em: EntityManager, user: User, ended: Session): TokenPair {
    const now = this.options.clock.now();
    const { refreshToken, refreshTokenHash } = this.draft({ userAgent: ended.userAgent, ip: ended.ip });
    // The old refresh token is retired: presented later it is reuse, and logged as such.
    em.create(RetiredRefreshToken, { tokenHash: ended.refreshTokenHash, session: ended, retiredAt: now });
    const session = em.create(Session, {
      user,
      refreshTokenHash,
      refreshTokenTransport: ended.refreshTokenTransport,
      createdAt: ended.createdAt,
      lastUsedAt: now,
      // The current password was just proven: a sign-in as good as a login.
      authenticatedAt: now,
      expiresAt: ended.expiresAt,
      userAgent: ended.userAgent,
      ip: ended.ip,
    });
    return this.pair(user, refreshToken, {
      sessionId: session.id,
      transport: ended.refreshTokenTransport,
      authenticatedAt: now,
      expiresAt: ended.expiresAt,
    });
  }

  private pair(user: User, refreshToken: string, start: SessionStart): TokenPair {
    const { sessionId, transport, authenticatedAt, expiresAt } = start;
    const access = this.options.tokens.sign({ userId: user.id, sessionId, role: user.role, authTime: authenticatedAt });
    return {
      accessToken: access.token,
      refreshToken,
      expiresIn: access.expiresIn,
      expiresAt: access.expiresAt,
      sessionExpiresAt: expiresAt,
      transport,
      user,
      sessionId,
    };
  }

}
