import { dictionary } from "@zxcvbn-ts/language-common";

/** How many of the most common passwords are refused (from zxcvbn-ts, ordered by frequency). */
export const COMMON_PASSWORD_COUNT = 1000;

let common: ReadonlySet<string> | undefined;

/** Whether a password is one of the 1,000 most common, ignoring case. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    (dictionary["passwords-common"] as string[]).slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase()),
  );
  return common.has(password.toLowerCase());
}
