/**
 * What the API's refusal reasons (`extensions.reason`) mean for a client.
 *
 *   refusesAccessToken(errors)   true: refresh once, then send the operation again
 *   endsSession(reason)          true: the session is over, sign in again
 */

/** The access token was refused: the whole request got HTTP 401. A refresh decides what follows. */
export const ACCESS_TOKEN_REFUSALS = ["TOKEN_EXPIRED", "TOKEN_INVALID", "TOKEN_REVOKED"];

/** A refresh (or logout) was refused: no refresh will help, the user signs in again. */
export const SESSION_ENDINGS = ["REFRESH_TOKEN_INVALID", "REFRESH_TOKEN_REUSED", "SESSION_EXPIRED", "SESSION_REVOKED"];

interface WithExtensions {
  readonly extensions?: { readonly [key: string]: unknown } | undefined;
}

export function refusesAccessToken(errors: readonly WithExtensions[] | undefined): boolean {
  return (errors ?? []).some((error) => ACCESS_TOKEN_REFUSALS.includes(String(error.extensions?.reason)));
}

export function endsSession(reason: string | undefined): reason is string {
  return reason !== undefined && SESSION_ENDINGS.includes(reason);
}
