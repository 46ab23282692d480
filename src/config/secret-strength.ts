/**
 * Whether a JWT_SECRET looks random. A secret typed by hand (32 × "a", "abcabc…", a run
 * such as "abcdefgh…") passes a length check and falls to a guess; production refuses it.
 * The checks are on the characters alone, so they cannot prove randomness, only catch the
 * secrets that plainly are not: few distinct characters, a repeated block, little spread
 * (a Shannon estimate of under 80 bits: 32 random hex digits make ~110, and never under 85), or mostly
 * consecutive characters.
 */

const MIN_DISTINCT = 8;
const MIN_ESTIMATED_BITS = 80;

/** Why the secret does not look random, or null when it does. */
export function secretWeakness(secret: string): string | null {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT) return `it has only ${counts.size} distinct characters`;
  if (repeatsABlock(chars)) return "it repeats a shorter string";
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / chars.length);
  if (bits < MIN_ESTIMATED_BITS) return "its characters are too predictable";
  let consecutive = 0;
  for (let i = 1; i < chars.length; i++) {
    if (Math.abs(chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!) === 1) consecutive += 1;
  }
  if (consecutive * 3 > (chars.length - 1) * 2) return "it is mostly runs of consecutive characters";
  return null;
}

/** "abcabcab": a block (here "abc") repeated, the last copy possibly cut short. */
function repeatsABlock(chars: string[]): boolean {
  for (let size = 1; size <= chars.length / 2; size++) {
    if (chars.every((char, i) => char === chars[i % size])) return true;
  }
  return false;
}
