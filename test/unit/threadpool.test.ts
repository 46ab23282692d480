import { describe, expect, it } from "vitest";
import { threadpoolSize } from "../../src/threadpool.js";

describe("libuv threadpool size", () => {
  it("is one thread per core (at least 2): as many as argon2 hashes run at once", () => {
    expect(threadpoolSize({}, 2)).toBe("2");
    expect(threadpoolSize({}, 8)).toBe("8");
    expect(threadpoolSize({}, 1)).toBe("2");
  });

  it("leaves an explicit UV_THREADPOOL_SIZE alone", () => {
    expect(threadpoolSize({ UV_THREADPOOL_SIZE: "16" }, 2)).toBe("16");
  });
});
