/** Text rules shared by every input: what counts as a character, what is never allowed. */

/** Length in code points, so "𝒜" is one character, not two. */
export const codePointLength = (value: string): number => [...value].length;

// Controls (Cc), lone surrogates (Cs), every format character (Cf: bidi marks, overrides
// and isolates, zero-width spaces and joiners, soft hyphens, tags), private use (Co),
// unassigned code points (Cn), and the line and paragraph separators: none has a place
// in a name, and each can make one text look like another.
const FORBIDDEN = /[\p{Cc}\p{Cs}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
// The same, but tab, line feed and carriage return are allowed (multi-line text).
const FORBIDDEN_BUT_LINE_BREAKS = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;

/** Whether a text input holds a control, format (invisible), private-use or unassigned character. */
export function hasForbiddenCharacters(value: string, { multiline = false } = {}): boolean {
  return (multiline ? FORBIDDEN_BUT_LINE_BREAKS : FORBIDDEN).test(value);
}

/** A lone UTF-16 surrogate: UTF-8 encoding would silently turn it into U+FFFD. */
export const hasLoneSurrogate = (value: string): boolean => /\p{Cs}/u.test(value);
