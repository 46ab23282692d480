import argon2 from "argon2";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ARGON2_OPTIONS, createPasswordHasher, type PasswordHasher } from "../../src/accounts/passwords.js";

const PASSWORD = "correct horse battery staple";

/**
 * The PHC string's algorithm, version and parameters. argon2 0.45 writes them as
 * `m=19456,p=1,t=2`, not in the reference m,t,p order, so the order is not checked.
 */
function phcOf(hash: string) {
  const [, id, version, params] = /^\$(argon2(?:id|i|d))\$v=(\d+)\$([^$]+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(hash) ?? [];
  return { id, version, params: params?.split(",").sort() };
}
const OWASP_ARGON2ID = { id: "argon2id", version: "19", params: ["m=19456", "p=1", "t=2"] };

// The hasher holds no state a test can change: one for the file keeps it fast.
let hasher: PasswordHasher;
beforeAll(async () => {
  hasher = await createPasswordHasher();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("PasswordHasher.hash", () => {
  it("produces argon2id with m=19456, t=2, p=1", async () => {
    expect(phcOf(await hasher.hash(PASSWORD))).toEqual(OWASP_ARGON2ID);
  });

  it("salts every hash and never contains the password", async () => {
    const [first, second] = await Promise.all([hasher.hash(PASSWORD), hasher.hash(PASSWORD)]);
    expect(first).not.toBe(second);
    expect(first).not.toContain(PASSWORD);
  });
});

describe("PasswordHasher.verify", () => {
  it("is true for the password that was hashed and false for any other", async () => {
    const hash = await hasher.hash(PASSWORD);
    expect(await hasher.verify(hash, PASSWORD)).toBe(true);
    expect(await hasher.verify(hash, "correct horse battery stapl")).toBe(false);
    expect(await hasher.verify(hash, PASSWORD.toUpperCase())).toBe(false);
    expect(await hasher.verify(hash, ` ${PASSWORD}`)).toBe(false);
  });

  it("distinguishes passwords that differ only in Unicode form", async () => {
    const hash = await hasher.hash("caf\u00e9-password");
    expect(await hasher.verify(hash, "caf\u00e9-password")).toBe(true);
    expect(await hasher.verify(hash, "cafe\u0301-password")).toBe(false);
  });

  it("returns false for a missing user after verifying against a dummy hash", async () => {
    const spy = vi.spyOn(argon2, "verify");
    expect(await hasher.verify(null, PASSWORD)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(phcOf(spy.mock.calls[0]?.[0] ?? "")).toEqual(OWASP_ARGON2ID);
  });

  it("returns false for a missing user even given the dummy hash's own password", async () => {
    expect(await hasher.verify(null, "dummy password that never matches")).toBe(false);
  });

  it.each([
    "",
    "not-a-hash",
    "$argon2id$v=19$m=19456,t=2,p=1$garbage$garbage",
    "$argon2id$v=19$m=19456,t=2,p=1",
    "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
  ])("returns false, without throwing, for the malformed stored hash %j", async (stored) => {
    await expect(hasher.verify(stored, PASSWORD)).resolves.toBe(false);
  });

  it("still verifies a hash made with older parameters", async () => {
    const old = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 3, parallelism: 1 });
    expect(await hasher.verify(old, PASSWORD)).toBe(true);
  });
});

describe("PasswordHasher.needsRehash", () => {
  it("is false for a hash it made itself", async () => {
    expect(hasher.needsRehash(await hasher.hash(PASSWORD))).toBe(false);
  });

  it.each([
    ["memoryCost 4096", { memoryCost: 4096 }],
    ["timeCost 3", { timeCost: 3 }],
    ["parallelism 2", { parallelism: 2 }],
  ])("is true for a hash made with %s", async (_label, changed) => {
    const hash = await argon2.hash(PASSWORD, { ...ARGON2_OPTIONS, ...changed });
    expect(hasher.needsRehash(hash)).toBe(true);
  });

  it.each([
    ["argon2i", argon2.argon2i as 0 | 1 | 2],
    ["argon2d", argon2.argon2d as 0 | 1 | 2],
  ])("is true for an %s hash with our parameters, so it moves to argon2id", async (_label, type) => {
    const hash = await argon2.hash(PASSWORD, { ...ARGON2_OPTIONS, type });
    expect(hasher.needsRehash(hash)).toBe(true);
  });
});

describe("PasswordHasher.queued", () => {
  it("counts the hashes waiting for a core, and none once they are done", async () => {
    const one = await createPasswordHasher(ARGON2_OPTIONS, { concurrency: 1 });
    expect(one.queued()).toBe(0);
    const running = [one.hash(PASSWORD), one.hash(PASSWORD), one.verify(null, PASSWORD)];
    // The first holds the only permit; the other two wait behind it.
    expect(one.queued()).toBe(2);
    await Promise.all(running);
    expect(one.queued()).toBe(0);
  });
});

describe("the hasher and argon2's memory", () => {
  it("tells its watchers of every hash, the ones waiting and the ones refused included", async () => {
    const events: string[] = [];
    const watcher = { enter: () => events.push("enter"), leave: () => events.push("leave") };
    const one = await createPasswordHasher(ARGON2_OPTIONS, { concurrency: 1, maxQueue: 1, watchers: [watcher] });
    const running = [one.hash(PASSWORD), one.verify(null, PASSWORD)];
    // The queue of one is full.
    await expect(one.hash(PASSWORD)).rejects.toMatchObject({ extensions: { code: "TOO_MANY_REQUESTS" } });
    await Promise.all(running);
    await one.verify("not a hash", PASSWORD); // a malformed hash still ran through the gate
    expect(events).toEqual(["enter", "enter", "enter", "leave", "leave", "leave", "enter", "leave"]);
  });
});
