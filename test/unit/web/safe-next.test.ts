import { describe, expect, it } from "vitest";
import { safeNext } from "../../../web/src/lib/safe-next.js";

const origin = "http://127.0.0.1:4000";

describe("the sign-in page's ?next=", () => {
  it.each(["/cart", "/products/abc?x=1#top", "/account"])("follows a path of the app: %s", (next) => {
    expect(safeNext(next, "/", origin)).toBe(next);
  });

  it.each(["//evil.example/x", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example/", "javascript:alert(1)", "cart", ""])(
    "refuses what could leave the origin, or is no path: %j",
    (next) => {
      expect(safeNext(next, "/", origin)).toBe("/");
    },
  );

  it("normalises a path the way the browser will read it", () => {
    expect(safeNext("/a/../cart", "/", origin)).toBe("/cart");
  });
});
