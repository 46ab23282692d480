import type { RevokeReason } from "./session-types.js";

/**
 * What the sign-in and session code counts as it happens, for GET /metrics (server/metrics.ts
 * counts it in Prometheus). Plain calls with bounded values, no user data: under METRICS=off
 * the services get noCounters, and the hot path pays for an empty call.
 */
export interface AuthCounters {
  /** One `login` answered: a session opened, refused as wrong (any reason), or refused as too many. */
  signIn(outcome: "succeeded" | "failed" | "throttled"): void;
  /** One `refreshToken` answered: a new pair, refused (any refresh-token refusal), or too many. */
  refresh(outcome: "succeeded" | "refused" | "throttled"): void;
  /** A retired refresh token came back (by refreshToken or logout) and ended its session. */
  reuseDetected(): void;
  /** Sessions opened (sign-in, registration, the session a password change moves to). */
  sessionsOpened(count: number): void;
  /** Sessions ended before their time, by why (a session that just expires is not counted). */
  sessionsRevoked(reason: RevokeReason, count: number): void;
}

export const noCounters: AuthCounters = {
  signIn: () => {},
  refresh: () => {},
  reuseDetected: () => {},
  sessionsOpened: () => {},
  sessionsRevoked: () => {},
};
