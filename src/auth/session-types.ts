import type { RefreshTokenTransport, User } from "../entities/index.js";

/** The types sessions.ts and refresh-flow.ts share (sessions.ts re-exports them). */

/** Why a session ended before its time (sessions.revoked_reason); metrics count by it. */
export const REVOKE_REASONS = [
  "logout",
  "logout_all",
  "revoked",
  "password_changed",
  "password_reset",
  "reuse_detected",
  "deactivated",
  "session_limit",
] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

/** What a successful sign-in or refresh hands the client (the server layer puts a COOKIE session's refresh token in the cookie). */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires, and when. */
  expiresIn: number;
  expiresAt: Date;
  /** When the session ends, however often it is refreshed. */
  sessionExpiresAt: Date;
  transport: RefreshTokenTransport;
  user: User;
  sessionId: string;
}

/** How a session was opened: where its refresh token travels, the time of the sign-in, its end. */
export interface SessionStart {
  sessionId: string;
  transport: RefreshTokenTransport;
  authenticatedAt: Date;
  expiresAt: Date;
}
