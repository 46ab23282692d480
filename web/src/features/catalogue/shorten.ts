/** A description cut for a card: at most `max` characters, at a word boundary when there is one. */
export function shorten(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  // A word boundary far back would throw away most of the room: cut mid-word then.
  const end = space > max / 2 ? space : cut.length;
  return `${cut.slice(0, end).replace(/[\s.,;:!?-]+$/, "")}…`;
}
