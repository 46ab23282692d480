import type { EntityManager } from "@mikro-orm/core";
import type { Logger } from "pino";
import type { RefreshTokenTransport, User } from "../entities/index.js";
import type { FastSql } from "../db/fast-sql.js";
import type { Clock } from "../lib/clock.js";
import { RefreshTokenRefusedError, type RefreshRefusal } from "../lib/errors.js";
import { decide, type Verdict } from "./refresh-decision.js";
import { hashRefreshToken, isWellFormedRefreshToken } from "./refresh-tokens.js";
import { rotation, type SessionState } from "./session-lookup.js";
import type { ClientInfo, SessionStart, TokenPair } from "./session-types.js";
import type { AuthCounters } from "./auth-counters.js";
import type { Throttle } from "./throttle.js";

/** refreshToken and logout: what a presented refresh token may do (see refresh-decision.ts). */

export interface RefreshFlowOptions {
  sql: FastSql;
  clock: Clock;
  throttle: Throttle;
  logger: Logger;
  /** Reuse detections and the sessions ended here (rotate's own outcome is counted by SessionService). */
  counters: AuthCounters;
  /** Seconds the token a rotation retired may come back for the same successor (0: never). */
  reuseInterval: number;
  /** A rotation's new token from the old one (HMAC under a server key, see refresh-tokens.ts). */
  successor: (refreshToken: string) => string;
  /** A new pair for a session (an access token signed now). */
  issue: (user: User, refreshToken: string, start: SessionStart) => TokenPair;
}

interface Refused {
  refused: RefreshRefusal;
  state?: SessionState;
  sessionLives?: true;
}
type Outcome = { state: SessionState } | Refused;

export class RefreshFlow {
  constructor(private readonly options: RefreshFlowOptions) {}

  /**
   * Exchanges a refresh token for a new pair and retires it. The conditional update is the
   * first statement of the transaction, so it takes the write lock up front and of several
   * simultaneous refreshes exactly one matches the row. The others (and a client whose
   * response was lost) find their token just retired: inside the reuse interval they get
   * the same successor, which the HMAC derivation lets the server compute again. Any other
   * retired token ends the session.
   */
  async rotate(em: () => EntityManager, refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    await this.options.throttle.refresh(client.ip ?? "unknown");
    const oldHash = hashOrRefuse(refreshToken);
    const next = this.options.successor(refreshToken);
    const newHash = hashRefreshToken(next);
    const now = this.options.clock.now();

    const outcome = await this.options.sql.transaction(em, async (sql): Promise<Outcome> => {
      if (await rotation.rotate(sql, oldHash, newHash, now)) {
        const state = (await rotation.byToken(sql, newHash))!;
        // Retired either way: presented again, it names its session (and why it ended).
        await rotation.retire(sql, oldHash, state.sessionId, now);
        if (!state.userIsActive) return this.settle(sql, state, { kind: "deactivated" }, client, now);
        return { state };
      }
      const state = await rotation.byTokenOrRetired(sql, oldHash);
      const verdict = decide(state, { hash: oldHash, successorHash: newHash }, now, this.options.reuseInterval);
      // "current" after the update found no live row with this token: only a clock or a
      // race beyond the ones above gets here; refuse rather than guess.
      if (verdict.kind === "current") return { refused: "REFRESH_TOKEN_INVALID", state: state! };
      if (verdict.kind !== "successor") return this.settle(sql, state, verdict, client, now);
      // Honest (a lost response, tabs racing) or a thief a step ahead of the owner: the
      // line lets a reader tell, by its IP and user agent.
      this.options.logger.info(
        { event: "auth.refresh.reuse_within_interval", sessionId: state!.sessionId, userId: state!.user.id, ip: client.ip, userAgent: client.userAgent },
        "auth.refresh.reuse_within_interval",
      );
      return { state: state! };
    });

    if ("refused" in outcome) return this.refuse("auth.refresh.failed", outcome, client);
    const { state } = outcome;
    this.options.logger.info(
      { event: "auth.refresh.succeeded", userId: state.user.id, sessionId: state.sessionId, ip: client.ip },
      "auth.refresh.succeeded",
    );
    return this.options.issue(state.user, next, {
      sessionId: state.sessionId,
      transport: state.transport,
      authenticatedAt: state.authenticatedAt,
      expiresAt: state.expiresAt,
    });
  }

  /**
   * Ends the session of a refresh token (logout): its current token, or the one it just
   * retired inside the reuse interval (a tab that has not seen the rotation yet). Returns
   * the session's transport, so that the caller clears a cookie.
   */
  async end(em: () => EntityManager, refreshToken: string, client: ClientInfo): Promise<RefreshTokenTransport> {
    const hash = hashOrRefuse(refreshToken);
    const successorHash = hashRefreshToken(this.options.successor(refreshToken));
    const now = this.options.clock.now();
    const outcome = await this.options.sql.transaction(em, async (sql): Promise<Outcome> => {
      // A write first, as in rotate: it takes the write lock before any read (SQLite, several
      // processes), and the usual logout (the current token of a live session) is one statement.
      if (await rotation.endByToken(sql, hash, "logout", now)) return { state: (await rotation.byToken(sql, hash))! };
      const state = await rotation.byTokenOrRetired(sql, hash);
      const verdict = decide(state, { hash, successorHash }, now, this.options.reuseInterval);
      if (verdict.kind !== "current" && verdict.kind !== "successor") return this.settle(sql, state, verdict, client, now);
      // Conditional: a revocation committed beside this one wins, and this logout says so.
      const ended = await rotation.endSession(sql, state!.sessionId, "logout", now);
      return ended ? { state: state! } : { refused: "SESSION_REVOKED", state: state! };
    });
    if ("refused" in outcome) return this.refuse("auth.logout.failed", outcome, client);
    const { state } = outcome;
    this.options.counters.sessionsRevoked("logout", 1);
    this.options.logger.info({ event: "auth.logout", userId: state.user.id, sessionId: state.sessionId, ip: client.ip }, "auth.logout");
    return state.transport;
  }

  /** A token that opens nothing: ends the session when it says so, and names the reason. */
  private async settle(
    sql: FastSql,
    state: SessionState | null,
    verdict: Exclude<Verdict, { kind: "current" | "successor" }>,
    client: ClientInfo,
    now: Date,
  ): Promise<Outcome> {
    if (verdict.kind === "refused") {
      return Object.assign({ refused: verdict.reason }, state ? { state } : {}, verdict.sessionLives ? { sessionLives: true as const } : {});
    }
    const session = state!;
    if (verdict.kind === "deactivated") {
      if (await rotation.endSession(sql, session.sessionId, "deactivated", now)) this.options.counters.sessionsRevoked("deactivated", 1);
      return { refused: "SESSION_REVOKED", state: session };
    }
    if (await rotation.endSession(sql, session.sessionId, "reuse_detected", now)) this.options.counters.sessionsRevoked("reuse_detected", 1);
    this.options.counters.reuseDetected();
    this.options.logger.warn(
      { event: "auth.refresh.reuse_detected", sessionId: session.sessionId, userId: session.user.id, ip: client.ip },
      "auth.refresh.reuse_detected",
    );
    return { refused: "REFRESH_TOKEN_REUSED", state: session };
  }

  private refuse(event: string, outcome: Refused, client: ClientInfo): never {
    this.options.logger.info({ event, reason: outcome.refused, sessionId: outcome.state?.sessionId, ip: client.ip }, event);
    throw new RefreshTokenRefusedError(outcome.refused, outcome.sessionLives);
  }
}

function hashOrRefuse(refreshToken: string): string {
  if (!isWellFormedRefreshToken(refreshToken)) throw new RefreshTokenRefusedError("REFRESH_TOKEN_INVALID");
  return hashRefreshToken(refreshToken);
}
