/** Characters of \p{Cf}, \p{Co} and \p{Cn}: never part of a text input. */
export const INVISIBLE: [string, string][] = [
  ["a zero-width space", "Ada\u200bLovelace"],
  ["a zero-width joiner", "Ada\u200dLovelace"],
  ["a zero-width no-break space (BOM)", "Ada\ufeffLovelace"],
  ["a soft hyphen", "Ada\u00adLovelace"],
  ["a left-to-right mark", "Ada\u200eLovelace"],
  ["an Arabic letter mark", "Ada\u061cLovelace"],
  ["a word joiner", "Ada\u2060Lovelace"],
  ["a tag character", "Ada\u{E0041}"],
  ["a private-use character", "Ada\ue000"],
  ["a supplementary private-use character", "Ada\u{F0000}"],
  ["an unassigned code point", "Ada\u0378"],
  ["a noncharacter", "Ada\uffff"],
];
