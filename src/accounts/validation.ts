import { BadUserInputError } from "../lib/errors.js";
import { isCommonPassword } from "./common-passwords.js";
import { GENERIC_MARK, isSingleScript, usernameSkeleton } from "../lib/lookalikes.js";
import { codePointLength as length, hasForbiddenCharacters, hasLoneSurrogate } from "../lib/text.js";

/** The contract's input rules, checked before any hashing or database work. */

/**
 * Letters (with the marks of their own script: Devanagari's vowel signs, say), decimal
 * digits, `_`, `.`, `-`. Accents as separate marks are refused below (GENERIC_MARK).
 */
export const USERNAME_PATTERN = /^(?:\p{L}\p{M}*|[\p{Nd}_.-])+$/u;
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const USERNAME_KEY_MAX = 128;
// Invisible selectors that would make a name look like another: never part of a username.
const VARIATION_SELECTORS = /[\u180B-\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
// Deliberately simple (WHATWG's input[type=email] rule): one @, a dotted domain, no spaces.
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/**
 * Whether a sign-in attempt is worth hashing at all: anything longer than any valid
 * username key or password (in UTF-16 units) cannot match, and costs nothing to refuse.
 */
export function plausibleCredentials(username: string, password: string): boolean {
  return username.length <= USERNAME_KEY_MAX && password.length <= PASSWORD_MAX * 2;
}

/**
 * The name a sign-in looks up: NFKC, then lower case. Lookalikes (see lib/lookalikes.ts)
 * are kept apart at registration by their skeleton, not by this key.
 */
export function usernameKey(username: string): string {
  return username.normalize("NFKC").toLowerCase();
}

export function validateUsername(username: string): string {
  const count = username.length > 4 * USERNAME_MAX ? Infinity : length(username);
  if (GENERIC_MARK.test(username) && count <= USERNAME_MAX) {
    throw new BadUserInputError("Username must not carry accents as separate marks: type an accented letter as one character", "username");
  }
  if (
    count < USERNAME_MIN ||
    count > USERNAME_MAX ||
    !USERNAME_PATTERN.test(username) ||
    VARIATION_SELECTORS.test(username) ||
    // NFKC can expand a character (U+FDFA becomes 18): the keys must still fit their columns.
    usernameKey(username).length > USERNAME_KEY_MAX ||
    usernameSkeleton(username).length > USERNAME_KEY_MAX
  ) {
    throw new BadUserInputError(
      "Username must be 3 to 32 characters of letters, digits, underscores, dots and hyphens",
      "username",
    );
  }
  if (!isSingleScript(username)) {
    throw new BadUserInputError("Username must be written in one script (not Latin and Cyrillic letters together, say)", "username");
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
  if (hasLoneSurrogate(password)) {
    throw new BadUserInputError("Password must be valid Unicode text", field);
  }
  if (isCommonPassword(password)) {
    throw new BadUserInputError("That password is one of the most common: choose another", field);
  }
  return password;
}

/** Optional display name: trimmed, at most 100 characters, no control characters; "" is none. */
export function validateName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  if (name.length > NAME_MAX * 16) throw new BadUserInputError(`Name must be at most ${NAME_MAX} characters`, "name");
  const trimmed = name.trim();
  if (trimmed.length > NAME_MAX * 2 || length(trimmed) > NAME_MAX) {
    throw new BadUserInputError(`Name must be at most ${NAME_MAX} characters`, "name");
  }
  if (hasForbiddenCharacters(trimmed)) {
    throw new BadUserInputError("Name must not contain control or invisible characters", "name");
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

/** A required address (changeEmail, requestPasswordReset): as validateEmail, but "" is refused too. */
export function requireEmail(email: string, field = "email"): string {
  const valid = email.trim() === "" ? null : validateEmail(email);
  if (valid === null) throw new BadUserInputError("Email must be a valid address of at most 254 characters", field);
  return valid;
}

/**
 * An address as it is compared: lower-cased, so that Ann@Example.com and ann@example.com
 * are one address (mail providers treat local parts without regard to case).
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
