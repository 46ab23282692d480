import { describe as group, expect, it } from "vitest";
import { describe } from "../../../web/src/lib/graphql-errors.js";

group("describe (an API error for people)", () => {
  it("says what e-mail turned off on the server means for the reader, not the setting's name", () => {
    const text = describe({ message: "E-mail is turned off on this server (MAIL=off)", code: "SERVICE_UNAVAILABLE", reason: "MAIL_DISABLED" });
    expect(text).toMatch(/does not send e-mail/);
    expect(text).not.toMatch(/MAIL=off/);
  });

  it("says when to try again when throttled", () => {
    expect(describe({ message: "Too many requests", code: "TOO_MANY_REQUESTS", retryAfter: 90 })).toBe("Too many attempts. Try again in 2 minutes.");
  });

  it("keeps the server's message otherwise", () => {
    expect(describe({ message: "Your e-mail address is verified already", code: "BAD_USER_INPUT", field: "email" })).toBe(
      "Your e-mail address is verified already",
    );
  });
});
