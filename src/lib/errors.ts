import { GraphQLError } from "graphql";

/** Errors a client is meant to see: each carries a fixed extensions.code. */

export type TokenProblem = "TOKEN_EXPIRED" | "TOKEN_INVALID" | "TOKEN_REVOKED";

export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: "BAD_USER_INPUT", ...(field ? { field } : {}) } });
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor(message = "You must be signed in") {
    super(message, { extensions: { code: "UNAUTHENTICATED" } });
  }
}

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
