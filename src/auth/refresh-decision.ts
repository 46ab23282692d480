import type { RefreshRefusal } from "../lib/errors.js";

/**
 * What a presented refresh token is, given the session it belongs to: the rules of the
 * reuse interval and of reuse detection in one pure function (rotation and logout share it).
 */

export interface SessionTokenState {
  refreshTokenHash: string;
  previousTokenHash: string | null;
  rotatedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  userIsActive: boolean;
}

export type Verdict =
  /** The session's current token, session live. */
  | { kind: "current" }
  /** The token the last rotation retired, inside the reuse interval, its successor still current. */
  | { kind: "successor" }
  /** A retired token outside that: a copy is in someone else's hands, end the session. */
  | { kind: "reused" }
  /** The session is live but its user was deactivated: end it. */
  | { kind: "deactivated" }
  /** Nothing to do but refuse; `sessionLives`: under a newer token, to be left alone. */
  | { kind: "refused"; reason: RefreshRefusal; sessionLives?: true };

export interface Presented {
  hash: string;
  /** The hash of the token the presented one would rotate to (its HMAC successor). */
  successorHash: string;
}

/** `state` is null when no session knows the token (neither as current nor as retired). */
export function decide(state: SessionTokenState | null, presented: Presented, now: Date, reuseIntervalSeconds: number): Verdict {
  if (!state) return { kind: "refused", reason: "REFRESH_TOKEN_INVALID" };
  if (state.revokedAt !== null) {
    return { kind: "refused", reason: state.revokedReason === "reuse_detected" ? "REFRESH_TOKEN_REUSED" : "SESSION_REVOKED" };
  }
  if (state.expiresAt.getTime() <= now.getTime()) return { kind: "refused", reason: "SESSION_EXPIRED" };
  if (!state.userIsActive) return { kind: "deactivated" };
  if (state.refreshTokenHash === presented.hash) return { kind: "current" };
  const withinInterval =
    state.rotatedAt !== null && now.getTime() - state.rotatedAt.getTime() < reuseIntervalSeconds * 1000;
  if (withinInterval && state.previousTokenHash === presented.hash) {
    // The successor differs only when the key it is derived with changed since the rotation
    // (a signing-key rotation, instances rolling onto a new key): an honest client, but its
    // successor cannot be computed again. Refused, the session left alone.
    if (state.refreshTokenHash !== presented.successorHash) {
      return { kind: "refused", reason: "REFRESH_TOKEN_INVALID", sessionLives: true };
    }
    return { kind: "successor" };
  }
  return { kind: "reused" };
}
