/**
 * What a quantity box holds, as a number to send, or null while it is no whole number yet
 * (empty, "2.5", "-"). The range (0 to 99) is the server's to judge: it says so beside the box.
 */
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  return Number(trimmed);
}
