import type { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import {
  usernameKey,
  validateEmail,
  validateName,
  validatePassword,
  validateUsername,
} from "../../src/accounts/validation.js";
import { BadUserInputError } from "../../src/lib/errors.js";
import { INVISIBLE } from "../helpers/text.js";

/** A letter outside the Basic Multilingual Plane: one character, two UTF-16 code units. */
const ASTRAL_LETTER = "\u{1D49C}"; // MATHEMATICAL SCRIPT CAPITAL A
const ASTRAL_SYMBOL = "\u{1F600}"; // GRINNING FACE

/** The BadUserInputError thrown; fails the test when the value was accepted. */
function inputErrorOf(validate: () => unknown): GraphQLError {
  try {
    validate();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return error as GraphQLError;
  }
  expect.fail("the value was accepted");
}

function expectRefused(validate: () => unknown, field: string): void {
  const error = inputErrorOf(validate);
  expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
}

describe("validateUsername", () => {
  it.each([
    "abc",
    "a".repeat(32),
    "user_name.test-1",
    "___",
    "123",
    "Émile",
    "Zoë", // one precomposed character
    "日本語",
    "Ελληνικά",
    "Влад",
    "ＡＤＭＩＮ",
    "日".repeat(32),
    ASTRAL_LETTER.repeat(32),
  ])("accepts %j and returns it as typed", (username) => {
    expect(validateUsername(username)).toBe(username);
  });

  it.each([
    ["2 characters", "ab"],
    ["33 characters", "a".repeat(33)],
    ["33 astral letters", ASTRAL_LETTER.repeat(33)],
    ["the empty string", ""],
    ["a space", "john doe"],
    ["a leading space", " john"],
    ["an @", "john@example"],
    ["an emoji", `john${ASTRAL_SYMBOL}`],
    ["a NUL", "john\u0000"],
    ["a newline", "john\ndoe"],
    ["a tab", "john\tdoe"],
    ["a DEL", "john\u007f"],
    ["a zero-width space", "jo\u200bhn"],
    ["a right-to-left override", "jo\u202ehn"],
    ...INVISIBLE.map(([what, text]): [string, string] => [what, text.replace(/ /g, "")]),
    ["a slash", "john/doe"],
    ["a plus", "john+doe"],
    ["quotes", "john'doe\""],
    ["a megabyte of letters", "a".repeat(1_000_000)],
  ])("refuses a username with %s", (_label, username) => {
    expectRefused(() => validateUsername(username), "username");
  });
});

describe("usernameKey", () => {
  it.each([
    ["ＡＤＭＩＮ", "admin"],
    ["Admin", "admin"],
    ["admin", "admin"],
    ["\ufb01le", "file"], // the "fi" ligature
    ["Zoe\u0308", "zo\u00eb"],
    ["Zo\u00eb", "zo\u00eb"],
  ])("gives %j the key %j", (username, key) => {
    expect(usernameKey(username)).toBe(key);
  });

  it("keeps names that differ in more than case and form apart", () => {
    expect(usernameKey("admin")).not.toBe(usernameKey("admin1"));
    expect(usernameKey("adm.in")).not.toBe(usernameKey("admin"));
  });
});

describe("validatePassword", () => {
  it.each([
    ["exactly 8 characters", "a".repeat(8)],
    ["exactly 128 characters", "a".repeat(128)],
    ["surrounding spaces", "  spaces  "],
    ["only spaces", " ".repeat(8)],
    ["8 astral characters (16 code units)", ASTRAL_SYMBOL.repeat(8)],
    ["128 astral characters (256 code units)", ASTRAL_SYMBOL.repeat(128)],
    ["a newline and a tab", "line one\n\tline two"],
  ])("accepts a password of %s, unchanged", (_label, password) => {
    expect(validatePassword(password)).toBe(password);
  });

  it.each([
    ["7 characters", "a".repeat(7)],
    ["129 characters", "a".repeat(129)],
    ["the empty string", ""],
    ["7 astral characters (14 code units)", ASTRAL_SYMBOL.repeat(7)],
    ["129 astral characters (258 code units)", ASTRAL_SYMBOL.repeat(129)],
  ])("refuses a password of %s", (_label, password) => {
    expectRefused(() => validatePassword(password), "password");
  });

  it("refuses a 10 MB password", () => {
    // No timing assertion here (speed is the benchmarks' business): the raw-length check
    // runs first, so this never counts 10 MB of code points.
    expectRefused(() => validatePassword("a".repeat(10 * 1024 * 1024)), "password");
  });

  it("names the field it was given", () => {
    expectRefused(() => validatePassword("short", "newPassword"), "newPassword");
  });
});

describe("validateName", () => {
  it.each([
    ["Ada Lovelace", "Ada Lovelace"],
    ["  Ada Lovelace ", "Ada Lovelace"],
    ["\tAda\n", "Ada"],
    ["Zoë d'Arc-Dupont", "Zoë d'Arc-Dupont"],
    ["a".repeat(100), "a".repeat(100)],
    [ASTRAL_LETTER.repeat(100), ASTRAL_LETTER.repeat(100)],
  ])("accepts %j as %j", (name, expected) => {
    expect(validateName(name)).toBe(expected);
  });

  it.each([
    ["the empty string", ""],
    ["only spaces", "   "],
    ["null", null],
    ["undefined", undefined],
  ])("gives null for %s", (_label, name) => {
    expect(validateName(name)).toBeNull();
  });

  it.each([
    ["101 characters", "a".repeat(101)],
    ["101 astral letters", ASTRAL_LETTER.repeat(101)],
    ["a NUL", "Ada\u0000"],
    ["an inner newline", "Ada\nLovelace"],
    ["an inner tab", "Ada\tLovelace"],
    ["a bell", "Ada\u0007"],
    ["a DEL", "Ada\u007f"],
    ["a C1 control", "Ada\u0085Lovelace"],
    ["a line separator", "Ada\u2028Lovelace"],
    ["a right-to-left override", "\u202eecalevoL adA"],
    ["a bidi isolate", "Ada\u2066Lovelace"],
    ...INVISIBLE,
  ])("refuses a name with %s", (_label, name) => {
    expectRefused(() => validateName(name), "name");
  });
});

describe("validateEmail", () => {
  /** A syntactically valid address of exactly `length` characters. */
  const emailOfLength = (length: number) => `${"a".repeat(length - "@example.com".length)}@example.com`;

  it.each([
    ["ada@example.com", "ada@example.com"],
    ["first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"],
    ["Ada@Example.COM", "Ada@Example.COM"],
    ["  ada@example.com ", "ada@example.com"],
    ["o'brien@my-domain.io", "o'brien@my-domain.io"],
  ])("accepts %j as %j", (email, expected) => {
    expect(validateEmail(email)).toBe(expected);
  });

  it("accepts an address of exactly 254 characters", () => {
    const email = emailOfLength(254);
    expect(validateEmail(email)).toBe(email);
  });

  it.each([
    ["the empty string", ""],
    ["only spaces", "  "],
    ["null", null],
    ["undefined", undefined],
  ])("gives null for %s", (_label, email) => {
    expect(validateEmail(email)).toBeNull();
  });

  it.each([
    ["no @", "plainaddress"],
    ["no local part", "@example.com"],
    ["no domain", "ada@"],
    ["two @", "ada@@example.com"],
    ["a space inside", "ada lovelace@example.com"],
    ["a domain without a dot", "ada@localhost"],
    ["a domain starting with a hyphen", "ada@-example.com"],
    ["an underscore in the domain", "ada@exa_mple.com"],
    ["an empty domain label", "ada@example..com"],
    ["a newline", "ada@example.com\nbcc@evil.com"],
    ["255 characters", emailOfLength(255)],
    ["a megabyte", emailOfLength(1_000_000)],
  ])("refuses an address with %s", (_label, email) => {
    expectRefused(() => validateEmail(email), "email");
  });
});

describe("lookalike and malformed Unicode", () => {
  it.each([
    ["a keycap emoji made of digits and marks", "1\uFE0F\u20E32\uFE0F\u20E33\uFE0F\u20E3"],
    ["an invisible variation selector after a name", "admin\uFE0F"],
    ["combining marks with no letter", "\u0301\u0301\u0301"],
    ["a mark after a digit", "ab1\u0301"],
    ["a fraction (not a decimal digit)", "ab\u00BD"],
    ["letters whose NFKC form outgrows the key column (32 × U+FDFA is 576 characters)", "\uFDFA".repeat(32)],
  ])("refuses a username of %s", (_label, username) => {
    expectRefused(() => validateUsername(username), "username");
  });

  it.each([["a decomposed é", "Jose\u0301"], ["a combining diaeresis", "Zoe\u0308"], ["a combining macron below", "ada\u0331"]])(
    "refuses accents as separate marks (%s) with a message that says to type the letter as one character",
    (_what, username) => {
      const error = inputErrorOf(() => validateUsername(username));
      expect(error.message).toMatch(/accents as separate marks/);
    },
  );

  it.each([["Hindi", "हिन्दी"], ["Tamil", "தமிழ்"], ["Thai", "สวัสดี"], ["Japanese with a voiced kana", "がっこう"], ["a precomposed é", "Jos\u00E9"]])(
    "accepts the marks a script is spelt with (%s)",
    (_what, username) => {
      expect(validateUsername(username)).toBe(username);
    },
  );

  it.each([
    ["Latin with a Cyrillic а", "\u0430dmin"],
    ["Latin with a Greek ο", "g\u03bfogle"],
    ["Cyrillic with a Latin a", "\u0432\u043b\u0430d"],
    ["Latin with an Arabic-Indic digit", "user\u0663"],
    ["Greek with Latin", "\u03a9mega"],
  ])("refuses a name that mixes scripts (%s), saying so", (_label, username) => {
    const error = inputErrorOf(() => validateUsername(username));
    expect(error.message).toMatch(/one script/);
  });

  it.each([
    ["Latin with digits and _ . -", "ada_1.love-lace"],
    ["Japanese: Han, Hiragana and Katakana with Latin", "tanaka日本のカタ"],
    ["Korean with Latin", "kim한국"],
    ["Chinese with Bopomofo and Latin", "lee中文ㄅ"],
    ["all Cyrillic", "\u0412\u043b\u0430\u0434"],
  ])("accepts a name of one script or an allowed mix (%s)", (_label, username) => {
    expect(validateUsername(username)).toBe(username);
  });

  it("refuses a password with a lone surrogate, which UTF-8 would silently replace", () => {
    expectRefused(() => validatePassword("password\uD800"), "password");
    expect(validatePassword("password\u{1F600}")).toBe("password\u{1F600}");
  });

  it("measures a name after trimming, so surrounding spaces do not count", () => {
    expect(validateName(`${" ".repeat(150)}Ada${" ".repeat(150)}`)).toBe("Ada");
    expect(validateName(` ${ASTRAL_LETTER.repeat(100)}`)).toBe(ASTRAL_LETTER.repeat(100));
  });
});
