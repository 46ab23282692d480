/**
 * Prices as people type them ("12.50") and as the server counts them (1250 cents). The text is
 * parsed digit by digit, never through a float: 0.29 * 100 is 28.999999999999996.
 */

/** The server's ceiling: a GraphQL Int. */
export const MAX_PRICE_CENTS = 2_147_483_647;

export type PriceParse = { ok: true; cents: number } | { ok: false; error: string };

const DOLLARS = /^\$?\s*(\d*)(?:\.(\d*))?$/;

export function parsePriceInDollars(text: string): PriceParse {
  const trimmed = text.trim();
  if (trimmed === "") return refuse("Enter a price, e.g. 12.50");
  if (/^-/.test(trimmed)) return refuse("Price must be 0 or more");
  if (trimmed.includes(",")) return refuse("Use a point for the cents, without thousands separators, e.g. 1234.50");
  const match = DOLLARS.exec(trimmed);
  const whole = match?.[1] ?? "";
  const fraction = match?.[2] ?? "";
  if (!match || (whole === "" && fraction === "")) return refuse("Enter a price in dollars, e.g. 12.50");
  if (fraction.length > 2) return refuse("Use at most two decimals (whole cents)");
  const dollars = whole.replace(/^0+/, "");
  // Beyond ten digits the sum below could leave the exact range; the ceiling is eight anyway.
  if (dollars.length > 10) return refuse(tooHigh());
  const cents = Number(dollars || "0") * 100 + Number(fraction.padEnd(2, "0"));
  if (cents > MAX_PRICE_CENTS) return refuse(tooHigh());
  return { ok: true, cents };
}

/** Cents as the price field shows them for editing: 1250 -> "12.50". */
export function formatPriceInDollars(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function refuse(error: string): PriceParse {
  return { ok: false, error };
}

function tooHigh(): string {
  return `Price must be at most $${formatPriceInDollars(MAX_PRICE_CENTS)}`;
}
