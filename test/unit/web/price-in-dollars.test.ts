import { describe, expect, it } from "vitest";
import { formatPriceInDollars, MAX_PRICE_CENTS, parsePriceInDollars } from "../../../web/src/features/admin/price-in-dollars.js";

const cents = (text: string) => {
  const parsed = parsePriceInDollars(text);
  if (!parsed.ok) throw new Error(`refused ${JSON.stringify(text)}: ${parsed.error}`);
  return parsed.cents;
};
const refusal = (text: string) => {
  const parsed = parsePriceInDollars(text);
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(text)} as ${parsed.cents}`);
  return parsed.error;
};

describe("parsePriceInDollars", () => {
  it("turns dollars and cents into whole cents", () => {
    expect(cents("12.50")).toBe(1250);
    expect(cents("12.5")).toBe(1250);
    expect(cents("12")).toBe(1200);
    expect(cents("12.")).toBe(1200);
    expect(cents(".99")).toBe(99);
    expect(cents("0")).toBe(0);
    expect(cents("0.00")).toBe(0);
    expect(cents("007.05")).toBe(705);
  });

  it("is exact where multiplying a float by 100 is not", () => {
    // 0.29 * 100 === 28.999999999999996, 1.005 * 100 === 100.49999999999999, 19.99 * 100 === 1998.9999999999998
    expect(cents("0.29")).toBe(29);
    expect(cents("19.99")).toBe(1999);
    expect(cents("4.35")).toBe(435);
    expect(cents("1.10")).toBe(110);
    for (let n = 0; n <= 100_000; n += 7) expect(cents(formatPriceInDollars(n))).toBe(n);
  });

  it("accepts surrounding spaces and a leading dollar sign", () => {
    expect(cents("  3.20 ")).toBe(320);
    expect(cents("$3.20")).toBe(320);
    expect(cents("$ 3")).toBe(300);
  });

  it("refuses more than two decimals", () => {
    expect(refusal("1.005")).toMatch(/two decimals/);
    expect(refusal("0.001")).toMatch(/two decimals/);
    expect(refusal("12.500")).toMatch(/two decimals/);
  });

  it("refuses empty, negative and malformed prices", () => {
    expect(refusal("")).toMatch(/Enter a price/);
    expect(refusal("   ")).toMatch(/Enter a price/);
    expect(refusal("-1")).toMatch(/0 or more/);
    expect(refusal("-0.50")).toMatch(/0 or more/);
    for (const text of ["abc", ".", "$", "1e3", "0x10", "1.2.3", "12 50", "+5", "Infinity", "NaN", "1_000"]) {
      expect(refusal(text), text).toMatch(/Enter a price in dollars/);
    }
  });

  it("refuses a decimal comma or thousands separators instead of guessing", () => {
    expect(refusal("12,50")).toMatch(/point/);
    expect(refusal("1,234.50")).toMatch(/point/);
  });

  it("refuses prices above the server's ceiling, however many digits", () => {
    expect(cents("21474836.47")).toBe(MAX_PRICE_CENTS);
    expect(refusal("21474836.48")).toMatch(/at most \$21474836\.47/);
    expect(refusal("99999999999999999999")).toMatch(/at most/);
    expect(cents("0000000000000000000001.00")).toBe(100);
  });
});

describe("formatPriceInDollars", () => {
  it("shows cents as the price field takes them", () => {
    expect(formatPriceInDollars(1250)).toBe("12.50");
    expect(formatPriceInDollars(5)).toBe("0.05");
    expect(formatPriceInDollars(0)).toBe("0.00");
    expect(formatPriceInDollars(MAX_PRICE_CENTS)).toBe("21474836.47");
  });
});
