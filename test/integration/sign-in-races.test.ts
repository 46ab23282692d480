import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PasswordHasher } from "../../src/accounts/passwords.js";
import argon2 from "argon2";
import { Session, User } from "../../src/entities/index.js";
import { AUTH_FIELDS, PASSWORD, createAdmin, registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * A sign-in checks the password (~26 ms of argon2), then opens a session. Whatever commits
 * in between (a password change, a deactivation) must not leave that session alive.
 */

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
const CHANGE = `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { accessToken } }`;
const DEACTIVATE = "mutation($id: ID!) { setUserActive(id: $id, active: false) { id isActive } }";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app.stop();
});

/**
 * Holds the next password check after it has passed, until `release()`; other checks run
 * as usual. `passed` resolves once the held check has verified.
 */
function holdNextVerify(): { passed: Promise<void>; release: () => void; restore: () => void } {
  const passwords = (app.services.accounts as unknown as { options: { passwords: PasswordHasher } }).options.passwords;
  const original = passwords.verify;
  let release!: () => void;
  let markPassed!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const passed = new Promise<void>((resolve) => (markPassed = resolve));
  let armed = true;
  passwords.verify = async (hash, password) => {
    const result = await original.call(passwords, hash, password);
    if (!armed) return result;
    armed = false;
    markPassed();
    await gate;
    return result;
  };
  return { passed, release, restore: () => (passwords.verify = original) };
}

const liveSessions = (userId: string) =>
  app.orm.em.fork().find(Session, { user: userId, revokedAt: null });

describe("a sign-in racing a change to the account", () => {
  it("opens no session when the password changed after it was checked", async () => {
    const reg = await registerUser(app);
    const hold = holdNextVerify();
    try {
      const signIn = gql(app.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } });
      await hold.passed;
      const changed = await gql(app.url, CHANGE, { current: PASSWORD, next: "an entirely new passphrase" }, { token: reg.accessToken });
      expect(changed.body.errors).toBeUndefined();
      hold.release();
      const res = await signIn;
      expect(codeOf(res)).toBe("UNAUTHENTICATED");
      // Only the session that changed the password is left.
      expect((await liveSessions(reg.user.id)).length).toBe(1);
    } finally {
      hold.restore();
    }
  });

  it("opens no session when the account was deactivated after the password was checked", async () => {
    const admin = await createAdmin(app);
    const reg = await registerUser(app);
    const hold = holdNextVerify();
    try {
      const signIn = gql(app.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } });
      await hold.passed;
      const res = await gql(app.url, DEACTIVATE, { id: reg.user.id }, { token: admin.accessToken });
      expect(res.body.data?.setUserActive.isActive).toBe(false);
      hold.release();
      expect(codeOf(await signIn)).toBe("UNAUTHENTICATED");
      expect(await liveSessions(reg.user.id)).toEqual([]);
    } finally {
      hold.restore();
    }
  });

  it("lets two sign-ins through when the other one rehashed the password meanwhile", async () => {
    const reg = await registerUser(app);
    // A hash from older, cheaper parameters: the next sign-in rehashes it.
    const old = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 3, parallelism: 1 });
    await app.orm.em.fork().nativeUpdate(User, { id: reg.user.id }, { passwordHash: old });
    const hold = holdNextVerify();
    try {
      const first = gql(app.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } });
      await hold.passed;
      // The second sign-in checks the old hash, opens its session and rehashes.
      const second = await gql(app.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } });
      expect(second.body.data?.login.user.id).toBe(reg.user.id);
      const rehashed = await app.orm.em.fork().findOneOrFail(User, { id: reg.user.id }, { populate: ["passwordHash"] });
      expect(rehashed.passwordHash).not.toBe(old);
      hold.release();
      expect((await first).body.data?.login.user.id).toBe(reg.user.id);
      expect((await liveSessions(reg.user.id)).length).toBe(3);
    } finally {
      hold.restore();
    }
  });

  it("signs in as usual when nothing changed meanwhile", async () => {
    const reg = await registerUser(app);
    const hold = holdNextVerify();
    try {
      const signIn = gql(app.url, LOGIN, { input: { username: reg.user.username, password: PASSWORD } });
      await hold.passed;
      hold.release();
      const res = await signIn;
      expect(res.body.data?.login.user.id).toBe(reg.user.id);
      expect((await liveSessions(reg.user.id)).length).toBe(2);
    } finally {
      hold.restore();
    }
  });
});
