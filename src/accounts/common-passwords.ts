import { createRequire } from "node:module";
import type * as LanguageCommon from "@zxcvbn-ts/language-common";

/** How many of the most common passwords are refused (from zxcvbn-ts, ordered by frequency). */
export const COMMON_PASSWORD_COUNT = 1000;

let common: ReadonlySet<string> | undefined;

/**
 * The first COMMON_PASSWORD_COUNT of zxcvbn-ts's list, lowercased. The package holds 30,000
 * passwords and two other dictionaries, ~2.3 MiB of heap for as long as it is loaded, so it is
 * loaded when first needed (the first password checked), through a require of its own, and
 * its modules are dropped from the cache again: all that stays is this set.
 */
function loadCommonPasswords(): ReadonlySet<string> {
  const require = createRequire(import.meta.url);
  const cached = new Set(Object.keys(require.cache));
  try {
    const { dictionary } = require("@zxcvbn-ts/language-common") as typeof LanguageCommon;
    return new Set((dictionary["passwords-common"] as string[]).slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase()));
  } finally {
    for (const file of Object.keys(require.cache)) if (!cached.has(file)) delete require.cache[file];
  }
}

/** Whether a password is one of the 1,000 most common, ignoring case. */
export function isCommonPassword(password: string): boolean {
  common ??= loadCommonPasswords();
  return common.has(password.toLowerCase());
}
