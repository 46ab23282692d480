import { GraphQLError } from "graphql";

/** Errors a client is meant to see: each carries a fixed extensions.code. */

export type TokenProblem = "TOKEN_EXPIRED" | "TOKEN_INVALID" | "TOKEN_REVOKED";

/** Why a refresh token (from the argument or the cookie) was refused: the client must sign in again. */
export type RefreshRefusal = "REFRESH_TOKEN_INVALID" | "REFRESH_TOKEN_REUSED" | "SESSION_EXPIRED" | "SESSION_REVOKED";

/** Why a link's token (verification, reset, e-mail change) was refused: unknown, used or replaced; or too old. */
export type LinkRefusal = "LINK_INVALID" | "LINK_EXPIRED";

/** Why input was refused, when a client needs more than the message: a link's refusal, an address another account verified first. */
export type InputRefusal = LinkRefusal | "EMAIL_TAKEN";

export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string, reason?: InputRefusal) {
    super(message, { extensions: Object.assign({ code: "BAD_USER_INPUT" }, field ? { field } : {}, reason ? { reason } : {}) });
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor(message = "You must be signed in") {
    super(message, { extensions: { code: "UNAUTHENTICATED" } });
  }
}

/** A protected field asked for without an access token. */
export class NoTokenError extends GraphQLError {
  constructor() {
    super("You must be signed in", { extensions: { code: "UNAUTHENTICATED", reason: "NO_TOKEN" } });
  }
}

/** `refreshToken` or `logout` with a token that opens nothing (see RefreshRefusal). */
export class RefreshTokenRefusedError extends GraphQLError {
  /**
   * `sessionLives`: refused, but the session goes on under a newer token (another tab's):
   * a refresh cookie must then be left as it is, for the others that share it.
   */
  constructor(
    readonly reason: RefreshRefusal,
    readonly sessionLives = false,
  ) {
    super(REFRESH_REFUSAL_MESSAGES[reason], { extensions: { code: "UNAUTHENTICATED", reason } });
  }
}

const REFRESH_REFUSAL_MESSAGES: Record<RefreshRefusal, string> = {
  REFRESH_TOKEN_INVALID: "The refresh token is missing, malformed or unknown",
  REFRESH_TOKEN_REUSED: "The refresh token was already used: the session has been ended, sign in again",
  SESSION_EXPIRED: "The session has expired, sign in again",
  SESSION_REVOKED: "The session has been ended, sign in again",
};

/** The Authorization header was sent but cannot be trusted: the whole request gets a 401. */
export class InvalidTokenError extends GraphQLError {
  constructor(readonly reason: TokenProblem) {
    super(INVALID_TOKEN_MESSAGES[reason], {
      extensions: {
        code: "UNAUTHENTICATED",
        reason,
        http: {
          status: 401,
          headers: new Map([["www-authenticate", `Bearer error="invalid_token", error_description="${reason}"`]]),
        },
      },
    });
  }
}

const INVALID_TOKEN_MESSAGES: Record<TokenProblem, string> = {
  TOKEN_EXPIRED: "The access token has expired",
  TOKEN_INVALID: "The access token is invalid",
  TOKEN_REVOKED: "The access token has been revoked",
};

export class ForbiddenError extends GraphQLError {
  constructor(message = "You are not allowed to do this") {
    super(message, { extensions: { code: "FORBIDDEN" } });
  }
}

/** An operation that reads the refresh cookie, sent from a page of another origin. */
export class CrossSiteRequestError extends GraphQLError {
  constructor() {
    super("This operation reads the session cookie and is only answered to the web app's own origin (see CORS_ORIGINS)", {
      extensions: { code: "FORBIDDEN", reason: "CROSS_SITE_REQUEST" },
    });
  }
}

export class NotFoundError extends GraphQLError {
  constructor(message = "Not found") {
    super(message, { extensions: { code: "NOT_FOUND" } });
  }
}

export class TooManyRequestsError extends GraphQLError {
  constructor(retryAfterSeconds: number) {
    super("Too many attempts, try again later", {
      extensions: { code: "TOO_MANY_REQUESTS", retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) },
    });
  }
}
