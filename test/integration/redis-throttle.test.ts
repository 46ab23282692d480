import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ThrottlePolicy } from "../../src/auth/throttle.js";
import { PASSWORD, registerUser } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { GENEROUS_THROTTLE, stoppedAfterEach, type TestApp } from "../helpers/test-app.js";

/** REDIS_URL: every instance counts in the same place, and a dead Redis does not stop sign-ins. */

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const TIGHT: ThrottlePolicy = {
  ...GENEROUS_THROTTLE,
  loginByAccountAndIp: { free: 3, window: 3600, maxDelay: 900 },
  registerByIp: { points: 2, window: 600 },
};

const startApp = stoppedAfterEach();

function instance(env: Record<string, string>, throttlePolicy = TIGHT): Promise<TestApp> {
  return startApp({ TRUST_PROXY: "true", ...env }, { throttlePolicy });
}

/** A fresh documentation-range IP per test, so counters left in Redis by other runs never meet ours. */
const freshIp = () => `198.51.${randomInt(256)}.${randomInt(256)}`;
const signIn = (app: TestApp, username: string, password: string, ip: string) =>
  gql(app.url, LOGIN, { input: { username, password } }, { headers: { "x-forwarded-for": ip } });

describe("throttling in Redis", () => {
  it("counts failed sign-ins spread over two instances together", async () => {
    const a = await instance({ REDIS_URL });
    // The second instance shares Redis but (in this test) not the database: it only counts.
    const b = await instance({ REDIS_URL });
    const ip = freshIp();
    const { user } = await registerUser(a, {}, { "x-forwarded-for": freshIp() });
    for (const app of [a, b, a, b]) expect(codeOf(await signIn(app, user.username, "wrong password!", ip))).toBe("UNAUTHENTICATED");
    expect(codeOf(await signIn(a, user.username, PASSWORD, ip))).toBe("TOO_MANY_REQUESTS");
  });

  it("counts registrations per IP across instances", async () => {
    const a = await instance({ REDIS_URL });
    const b = await instance({ REDIS_URL });
    const ip = freshIp();
    const register = (app: TestApp, n: number) =>
      gql(
        app.url,
        `mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`,
        { i: { username: `r${n}_${randomInt(1e9)}`, password: PASSWORD } },
        { headers: { "x-forwarded-for": ip } },
      );
    expect(codeOf(await register(a, 1))).toBeUndefined();
    expect(codeOf(await register(b, 2))).toBeUndefined();
    expect(codeOf(await register(a, 3))).toBe("TOO_MANY_REQUESTS");
  });

  it("fails open: with Redis unreachable, sign-ins still work and the failure is logged", async () => {
    const app = await instance({ REDIS_URL: "redis://127.0.0.1:1" });
    const { user } = await registerUser(app, {}, { "x-forwarded-for": freshIp() });
    const res = await signIn(app, user.username, PASSWORD, freshIp());
    expect(res.body.data?.login.accessToken).toEqual(expect.any(String));
    expect(app.logs.some((l) => l.event === "throttle.store_failed")).toBe(true);
  });
});
