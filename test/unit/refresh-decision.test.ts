import { describe, expect, it } from "vitest";
import { decide, type SessionTokenState } from "../../src/auth/refresh-decision.js";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

/** A live session whose token "t2" replaced "t1" ten seconds ago. */
const live: SessionTokenState = {
  refreshTokenHash: "h(t2)",
  previousTokenHash: "h(t1)",
  rotatedAt: ago(10),
  expiresAt: new Date(NOW.getTime() + 86_400_000),
  revokedAt: null,
  revokedReason: null,
  userIsActive: true,
};
const t1 = { hash: "h(t1)", successorHash: "h(t2)" };
const t2 = { hash: "h(t2)", successorHash: "h(t3)" };
const t0 = { hash: "h(t0)", successorHash: "h(t1)" };

describe("decide (the reuse rules)", () => {
  it("knows the current token", () => {
    expect(decide(live, t2, NOW, 30)).toEqual({ kind: "current" });
  });

  it("answers the just-retired token with its successor inside the interval, not at its end", () => {
    expect(decide(live, t1, NOW, 30)).toEqual({ kind: "successor" });
    expect(decide(live, t1, NOW, 11)).toEqual({ kind: "successor" });
    expect(decide(live, t1, NOW, 10)).toEqual({ kind: "reused" });
    expect(decide(live, t1, NOW, 0)).toEqual({ kind: "reused" });
  });

  it("treats an older token as reuse at once", () => {
    expect(decide(live, t0, NOW, 30)).toEqual({ kind: "reused" });
  });

  it("refuses the retired token without ending the session when the current one is not its successor (the key changed)", () => {
    expect(decide({ ...live, refreshTokenHash: "h(other)" }, t1, NOW, 30)).toEqual({
      kind: "refused",
      reason: "REFRESH_TOKEN_INVALID",
      sessionLives: true,
    });
    // After the interval it is reuse, key or no key.
    expect(decide({ ...live, refreshTokenHash: "h(other)" }, t1, NOW, 5)).toEqual({ kind: "reused" });
  });

  it("refuses tokens of ended sessions with the reason a client acts on", () => {
    expect(decide(null, t1, NOW, 30)).toEqual({ kind: "refused", reason: "REFRESH_TOKEN_INVALID" });
    expect(decide({ ...live, revokedAt: ago(1), revokedReason: "logout" }, t2, NOW, 30)).toEqual({
      kind: "refused",
      reason: "SESSION_REVOKED",
    });
    expect(decide({ ...live, revokedAt: ago(1), revokedReason: "reuse_detected" }, t1, NOW, 30)).toEqual({
      kind: "refused",
      reason: "REFRESH_TOKEN_REUSED",
    });
    expect(decide({ ...live, expiresAt: NOW }, t2, NOW, 30)).toEqual({ kind: "refused", reason: "SESSION_EXPIRED" });
  });

  it("ends the session of a deactivated user", () => {
    expect(decide({ ...live, userIsActive: false }, t2, NOW, 30)).toEqual({ kind: "deactivated" });
  });
});
