import { describe, expect, it } from "vitest";
import { sessionEndedMessage } from "../../../web/src/features/auth/session-ended-message.js";

describe("sessionEndedMessage", () => {
  it("says the session was ended elsewhere when it was revoked", () => {
    expect(sessionEndedMessage("SESSION_REVOKED")).toMatch(/ended on another device/);
  });

  it("says the session expired when it did", () => {
    expect(sessionEndedMessage("SESSION_EXPIRED")).toMatch(/expired/);
  });

  it("explains a session ended because its refresh token was reused", () => {
    expect(sessionEndedMessage("REFRESH_TOKEN_REUSED")).toMatch(/used from somewhere else/);
  });

  it("says every device was signed out after a password reset, and to use the new password", () => {
    expect(sessionEndedMessage("PASSWORD_RESET")).toMatch(/every device .* signed out.*new password/);
  });

  it("says the account was deleted when it was", () => {
    expect(sessionEndedMessage("ACCOUNT_DELETED")).toMatch(/account was deleted/);
  });

  it("says nothing after the person's own sign-out, a first visit or an unknown reason", () => {
    expect(sessionEndedMessage("SIGNED_OUT")).toBeNull();
    expect(sessionEndedMessage(null)).toBeNull();
    expect(sessionEndedMessage(undefined)).toBeNull();
    expect(sessionEndedMessage("TOO_MANY_REQUESTS")).toBeNull();
    expect(sessionEndedMessage({ reason: "SESSION_REVOKED" })).toBeNull();
  });

  it("is not fooled by the names every object has", () => {
    expect(sessionEndedMessage("toString")).toBeNull();
    expect(sessionEndedMessage("__proto__")).toBeNull();
  });
});
