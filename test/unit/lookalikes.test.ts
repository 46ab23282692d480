import { describe, expect, it } from "vitest";
import { CONFUSABLES } from "../../src/lib/confusables-data.js";
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
    ["Lisu letters for ADMIN", "\ua4ee\ua4d3\ua4df\ua4f2\ua4e0", "admin"],
    ["Lisu letters for MOM", "\ua4df\ua4f3\ua4df", "mom"],
    ["Lisu letters for BILL", "\ua4d0\ua4f2\ua4e1\ua4e1", "bill"],
    ["a capital I for l", "adminI", "adminl"],
    ["a small capital ɪ", "\u026an", "in"],
  ])("gives %s the skeleton of its lookalike", (_label, name, lookalike) => {
    expect(usernameSkeleton(name)).toBe(usernameSkeleton(lookalike));
  });

  it.each([
    ["admin", "admins"],
    ["admin", "adm.in"],
    ["ada", "eda"],
    ["日本", "本日"],
    ["がっこう", "かっこう"], // kana's voicing marks are spelling, not accents
  ])("keeps %j and %j apart", (a, b) => {
    expect(usernameSkeleton(a)).not.toBe(usernameSkeleton(b));
  });
});

describe("usernameSkeleton of a skeleton", () => {
  it("is the skeleton itself, for every character of the confusables table in either case", () => {
    const unstable: string[] = [];
    for (const entry of CONFUSABLES.split(";")) {
      const char = String.fromCodePoint(parseInt(entry.split(":")[0]!, 16));
      for (const form of new Set([char, char.toLowerCase(), char.toUpperCase()])) {
        const once = usernameSkeleton(form);
        if (usernameSkeleton(once) !== once) unstable.push(`${form} -> ${once} -> ${usernameSkeleton(once)}`);
      }
    }
    expect(unstable).toEqual([]);
  });
});
