/** Text rules shared by every input: what counts as a character, what is never allowed. */

/** Length in code points, so "𝒜" is one character, not two. */
export const codePointLength = (value: string): number => [...value].length;

// C0/C1 controls and DEL, lone surrogates, line/paragraph separators, bidi overrides.
const CONTROL = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
// The same, but tab, line feed and carriage return are allowed (multi-line text).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export function hasControlCharacters(value: string, { multiline = false } = {}): boolean {
  return (multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(value);
}

/** A lone UTF-16 surrogate: UTF-8 encoding would silently turn it into U+FFFD. */
export const hasLoneSurrogate = (value: string): boolean => /\p{Cs}/u.test(value);
