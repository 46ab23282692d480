import { BadUserInputError } from "../errors.js";

/** The contract's input rules, checked before any hashing or database work. */

export const USERNAME_PATTERN = /^[\p{L}\p{M}\p{N}_.-]{3,32}$/u;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
// C0/C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides.
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
// Deliberately simple (WHATWG's input[type=email] rule): one @, a dotted domain, no spaces.
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/** What makes two usernames the same: NFKC, then lower case. */
export function usernameKey(username: string): string {
  return username.normalize("NFKC").toLowerCase();
}

const length = (value: string) => [...value].length;

export function validateUsername(username: string): string {
  if (username.length > 4 * 32 || !USERNAME_PATTERN.test(username)) {
    throw new BadUserInputError(
      "Username must be 3 to 32 characters of letters, digits, underscores, dots and hyphens",
      "username",
    );
  }
  return username;
}

export function validatePassword(password: string, field = "password"): string {
  // Checked on the raw length first so a megabyte string costs nothing.
  if (password.length > PASSWORD_MAX * 2 || length(password) > PASSWORD_MAX) {
    throw new BadUserInputError(`Password must be at most ${PASSWORD_MAX} characters`, field);
  }
  if (length(password) < PASSWORD_MIN) {
    throw new BadUserInputError(`Password must be at least ${PASSWORD_MIN} characters`, field);
  }
  return password;
}

/** Optional display name: trimmed, at most 100 characters, no control characters; "" is none. */
export function validateName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const trimmed = name.trim();
  if (name.length > NAME_MAX * 2 || length(trimmed) > NAME_MAX) {
    throw new BadUserInputError(`Name must be at most ${NAME_MAX} characters`, "name");
  }
  if (CONTROL_CHARACTERS.test(trimmed)) {
    throw new BadUserInputError("Name must not contain control characters", "name");
  }
  return trimmed === "" ? null : trimmed;
}

/** Optional email: trimmed, at most 254 characters, a plausible address; "" is none. */
export function validateEmail(email: string | null | undefined): string | null {
  if (email === null || email === undefined) return null;
  const trimmed = email.trim();
  if (trimmed === "") return null;
  if (trimmed.length > EMAIL_MAX || !EMAIL_PATTERN.test(trimmed)) {
    throw new BadUserInputError("Email must be a valid address of at most 254 characters", "email");
  }
  return trimmed;
}
