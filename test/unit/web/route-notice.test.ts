import { describe, expect, it } from "vitest";
import { noticeOf, withNotice } from "../../../web/src/lib/route-notice.js";

describe("route notices", () => {
  it("reads back the notice a navigation carried", () => {
    expect(noticeOf(withNotice("Your account was deleted."))).toBe("Your account was deleted.");
  });

  it("finds none in the states other navigations carry, or none at all", () => {
    expect(noticeOf(null)).toBeNull();
    expect(noticeOf(undefined)).toBeNull();
    expect(noticeOf({ reason: "SESSION_REVOKED" })).toBeNull();
    expect(noticeOf({ notice: 42 })).toBeNull();
    expect(noticeOf({ notice: "" })).toBeNull();
    expect(noticeOf("Your account was deleted.")).toBeNull();
  });
});
