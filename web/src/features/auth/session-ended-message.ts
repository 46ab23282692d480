/**
 * Why a person was signed out, in a sentence, when it was not their own "Sign out": the
 * session refusal reasons the session module signs out on, and the endings the server
 * reports (ServerEnding: a password reset, a deleted account). Their own "Sign out"
 * (SIGNED_OUT), a first visit (null) or anything else needs no explanation.
 */
const MESSAGES: Readonly<Record<string, string>> = {
  SESSION_REVOKED: "Your session was ended on another device. Sign in again to continue.",
  SESSION_EXPIRED: "Your session expired. Sign in again to continue.",
  REFRESH_TOKEN_REUSED: "Your session was ended because its sign-in was used from somewhere else. Sign in again to continue.",
  REFRESH_TOKEN_INVALID: "Your session is no longer valid. Sign in again to continue.",
  // Ended by this person's own act, but one that signs every device out: worth saying so.
  PASSWORD_RESET: "Your password was changed and every device signed in to your account was signed out. Sign in with your new password.",
  ACCOUNT_DELETED: "Your account was deleted, and every device signed in to it was signed out.",
};

export function sessionEndedMessage(reason: unknown): string | null {
  return typeof reason === "string" && Object.hasOwn(MESSAGES, reason) ? MESSAGES[reason]! : null;
}
