import { describe, expect, it } from "vitest";
import { linkProblemOf } from "../../../web/src/lib/link-problem.js";

describe("linkProblemOf", () => {
  const refusal = (reason: string) => ({ message: "no", code: "BAD_USER_INPUT", field: "token", reason });

  it("names why a link's token was refused", () => {
    expect(linkProblemOf([refusal("LINK_INVALID")])).toBe("LINK_INVALID");
    expect(linkProblemOf([refusal("LINK_EXPIRED")])).toBe("LINK_EXPIRED");
    expect(linkProblemOf([refusal("EMAIL_TAKEN")])).toBe("EMAIL_TAKEN");
  });

  it("finds the link's refusal among other errors", () => {
    expect(linkProblemOf([{ message: "Password must be at least 8 characters", code: "BAD_USER_INPUT", field: "newPassword" }, refusal("LINK_EXPIRED")])).toBe(
      "LINK_EXPIRED",
    );
  });

  it("is null for refusals that are not about the link: input, throttling, the network, e-mail turned off", () => {
    expect(linkProblemOf([])).toBeNull();
    expect(linkProblemOf([{ message: "Password must be at least 8 characters", code: "BAD_USER_INPUT", field: "newPassword" }])).toBeNull();
    expect(linkProblemOf([{ message: "slow down", code: "TOO_MANY_REQUESTS", retryAfter: 30 }])).toBeNull();
    expect(linkProblemOf([{ message: "The server cannot be reached." }])).toBeNull();
    expect(linkProblemOf([{ message: "off", code: "SERVICE_UNAVAILABLE", reason: "MAIL_DISABLED" }])).toBeNull();
  });

  it("does not take a reason of another code for the link's", () => {
    expect(linkProblemOf([{ message: "no", code: "UNAUTHENTICATED", reason: "LINK_INVALID" }])).toBeNull();
  });
});
