import { describe, expect, it } from "vitest";
import { shorten } from "../../../web/src/features/catalogue/shorten.js";

describe("shorten (a catalogue card's description)", () => {
  it("keeps a description that fits, with its runs of white space made single", () => {
    expect(shorten("Tactile switches,\n  hot-swappable.", 40)).toBe("Tactile switches, hot-swappable.");
  });

  it("keeps a description of exactly the limit whole", () => {
    expect(shorten("a".repeat(20), 20)).toBe("a".repeat(20));
  });

  it("cuts a longer one at a word boundary, without trailing punctuation, and marks the cut", () => {
    const cut = shorten("Over-ear headphones, thirty hours of battery, and a case.", 30);
    expect(cut).toBe("Over-ear headphones, thirty…");
    expect(cut.length).toBeLessThanOrEqual(30);
  });

  it("cuts mid-word when the only boundary would throw away most of the room", () => {
    const cut = shorten(`Hi ${"x".repeat(50)}`, 20);
    expect(cut).toBe(`Hi ${"x".repeat(16)}…`);
    expect(cut).toHaveLength(20);
  });
});
