import { describe, expect, it } from "vitest";
import { usernameSkeleton } from "../../src/lib/lookalikes.js";

describe("usernameSkeleton (UTS #39)", () => {
  it.each([
    ["Cyrillic а", "\u0430dmin", "admin"],
    ["dotless ı", "adm\u0131n", "admin"],
    ["a precomposed á", "\u00e1dmin", "admin"],
    ["a decomposed á", "a\u0301dmin", "admin"],
    ["upper case", "ADMIN", "admin"],
    ["fullwidth", "\uff41\uff44\uff4d\uff49\uff4e", "admin"],
    ["rn for m", "adrnin", "admin"],
    ["the ǅ digraph", "\u01c5ane", "dzane"],
    ["Dž", "D\u017eane", "dzane"],
    ["the ﬀ ligature", "\ufb00oo", "ffoo"],
    ["the digit 0 for o", "b0b", "bob"],
    ["the digit 1 for l", "bi1l", "bill"],
  ])("gives %s the skeleton of its lookalike", (_label, name, lookalike) => {
    expect(usernameSkeleton(name)).toBe(usernameSkeleton(lookalike));
  });

  it.each([
    ["admin", "admins"],
    ["admin", "adm.in"],
    ["ada", "eda"],
    ["日本", "本日"],
  ])("keeps %j and %j apart", (a, b) => {
    expect(usernameSkeleton(a)).not.toBe(usernameSkeleton(b));
  });
});
