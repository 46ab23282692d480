import { describe, expect, it } from "vitest";
import { parseQuantity } from "../../../web/src/features/cart/parse-quantity.js";

describe("parseQuantity (a cart line's quantity box)", () => {
  it.each([
    ["0", 0],
    ["7", 7],
    [" 12 ", 12],
    ["099", 99],
    ["120", 120], // out of range, but the server says so beside the box
  ])("reads %j as %i", (text, quantity) => {
    expect(parseQuantity(text)).toBe(quantity);
  });

  it.each(["", " ", "-", "-1", "2.5", "1e2", "abc", "1234567890"])("has no quantity yet in %j", (text) => {
    expect(parseQuantity(text)).toBeNull();
  });
});
