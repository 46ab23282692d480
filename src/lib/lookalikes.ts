import { CONFUSABLES, SCRIPTS } from "./confusables-data.js";

/**
 * Usernames that look alike (Unicode UTS #39). Two names are the same account name when
 * their skeletons are equal: `аdmin` (Cyrillic а), `admın` (dotless ı), `ádmin`, `ǅane`
 * and `ﬀoo` all meet `admin`, `dzane` and `ffoo`. A name must also be written in one
 * script (UTS #39's "highly restrictive" level: Latin may join Han with Hiragana and
 * Katakana, Bopomofo or Hangul), so a Cyrillic letter cannot hide in a Latin name.
 */

let table: Map<string, string> | undefined;

/** The confusables table, read on first use (a sign-up or a sign-in), not at start. */
function prototypeOf(char: string): string | undefined {
  if (!table) {
    table = new Map();
    const hex = (codes: string) => String.fromCodePoint(...codes.split(" ").map((code) => parseInt(code, 16)));
    for (const entry of CONFUSABLES.split(";")) {
      const [from, to] = entry.split(":") as [string, string];
      table.set(hex(from), hex(to));
    }
  }
  return table.get(char);
}

/**
 * Combining marks that go on Latin, Greek or Cyrillic letters, or on any letter: the
 * accents a lookalike is made of (`ad\u0301min`). The marks of other scripts (Devanagari's
 * vowel signs, Hebrew points, kana's voicing marks) belong to their script's spelling.
 */
export const GENERIC_MARK = /(?=\p{M})[\p{scx=Latn}\p{scx=Grek}\p{scx=Cyrl}\p{scx=Zinh}\p{scx=Zyyy}]/u;
const GENERIC_MARKS = new RegExp(GENERIC_MARK.source, "gu");

const MAX_ROUNDS = 5;

/**
 * What makes two usernames the same: compatibility forms folded (NFKC), every character
 * replaced by its UTS #39 prototype, accents dropped and the case folded, so that a name
 * cannot be taken again by a lookalike. Prototypes are taken of the upper-case form (capital
 * I is a prototype l, like Lisu ꓲ) and of the lower-case one (small capital ɪ is i), round
 * after round until nothing changes (Lisu ꓟ is M, whose lower case m is rn), so that the
 * skeleton of a skeleton is itself. For comparing only, never for showing.
 */
export function usernameSkeleton(username: string): string {
  let text = username.normalize("NFKC");
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = prototypes(prototypes(text.toUpperCase()));
    if (next === text) break;
    text = next;
  }
  return text;
}

/** Each character by its prototype, accents dropped, in lower case and compatibility forms folded. */
function prototypes(text: string): string {
  let mapped = "";
  for (const char of text.normalize("NFD")) mapped += prototypeOf(char) ?? char;
  return mapped.normalize("NFD").replace(GENERIC_MARKS, "").toLowerCase().normalize("NFKC");
}

const COMMON = /[\p{scx=Zyyy}\p{scx=Zinh}]/u;
let scriptTests: [string, RegExp][] | undefined;

/** A character's scripts (Script_Extensions), or null for Common and Inherited, which go with any. */
function scriptsOf(char: string): Set<string> | null {
  if (COMMON.test(char)) return null;
  scriptTests ??= SCRIPTS.filter((name) => name !== "Zyyy" && name !== "Zinh").map((name) => [
    name,
    new RegExp(`\\p{scx=${name}}`, "u"),
  ]);
  return new Set(scriptTests.filter(([, test]) => test.test(char)).map(([name]) => name));
}

/** UTS #39 augments Han, Hiragana, Katakana, Hangul and Bopomofo with the writing systems they form. */
const AUGMENTED: Record<string, string[]> = {
  Hani: ["Hanb", "Jpan", "Kore"],
  Hira: ["Jpan"],
  Kana: ["Jpan"],
  Hang: ["Kore"],
  Bopo: ["Hanb"],
};
/** The script mixes UTS #39's highly restrictive level allows beside a single script. */
const ALLOWED_MIXES = [
  ["Latn", "Hani", "Hira", "Kana"],
  ["Latn", "Hani", "Bopo"],
  ["Latn", "Hani", "Hang"],
];

/** Whether every letter and digit of the name belongs to one script (or to an allowed mix). */
export function isSingleScript(username: string): boolean {
  const sets = [...username].map(scriptsOf).filter((set): set is Set<string> => set !== null);
  let resolved = null as Set<string> | null;
  for (const set of sets) {
    const augmented = new Set([...set].flatMap((name) => [name, ...(AUGMENTED[name] ?? [])]));
    resolved = resolved ? new Set([...resolved].filter((name) => augmented.has(name))) : augmented;
  }
  if (resolved === null || resolved.size > 0) return true;
  return ALLOWED_MIXES.some((mix) => sets.every((set) => mix.some((name) => set.has(name))));
}
