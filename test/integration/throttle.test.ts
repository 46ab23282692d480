import { availableParallelism } from "node:os";
import argon2 from "argon2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hashRefreshToken } from "../../src/auth/refresh-tokens.js";
import type { BackoffPolicy, ThrottlePolicy } from "../../src/auth/throttle.js";
import { Session, User } from "../../src/entities/index.js";
import { ME, PASSWORD, REFRESH, login, registerUser, uniqueUsername, type Registered } from "../helpers/factories.js";
import { codeOf, gql, type GqlResponse } from "../helpers/gql.js";
import { GENEROUS_THROTTLE, stoppedAfterEach, type TestApp } from "../helpers/test-app.js";

const WRONG = "not the right password at all";
const NEW_PASSWORD = "a brand new passphrase for this test";
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id } } }`;
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`;
const CHANGE_PASSWORD = `mutation($current: String!, $next: String!) {
  changePassword(currentPassword: $current, newPassword: $next) { accessToken }
}`;
// Three is the default cap of expensive mutations in one document.
const THREE_LOGINS = `mutation($input: LoginInput!) {
  a: login(input: $input) { accessToken }
  b: login(input: $input) { accessToken }
  c: login(input: $input) { accessToken }
}`;
const THREE_REFRESHES = `mutation($a: String!, $b: String!, $c: String!) {
  a: refreshToken(refreshToken: $a) { refreshToken }
  b: refreshToken(refreshToken: $b) { refreshToken }
  c: refreshToken(refreshToken: $c) { refreshToken }
}`;
const THREE_REGISTERS = `mutation($a: RegisterInput!, $b: RegisterInput!, $c: RegisterInput!) {
  a: register(input: $a) { accessToken }
  b: register(input: $b) { accessToken }
  c: register(input: $c) { accessToken }
}`;

const TRUST_PROXY = { TRUST_PROXY: "true" };
const ATTACKER_IP = "203.0.113.10";
const OWNER_IP = "198.51.100.20";

const backoff = (free: number, maxDelay = 900): BackoffPolicy => ({ free, window: 3600, maxDelay });

const startApp = stoppedAfterEach();
/** An app where only `limits` can be reached: every other limit stays generous. */
function appWith(limits: Partial<ThrottlePolicy>, env: Record<string, string> = {}): Promise<TestApp> {
  return startApp(env, { throttlePolicy: { ...GENEROUS_THROTTLE, ...limits } });
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/**
 * Only `Date` is faked: the in-memory limiters read Date.now(), so a lock lasts until the
 * test moves the date on, while sockets, timers and argon2 run for real.
 */
function freezeDate(): void {
  vi.useFakeTimers({ toFake: ["Date"] });
}
function passSeconds(seconds: number): void {
  vi.setSystemTime(Date.now() + seconds * 1000);
}

const signIn = (app: TestApp, username: string, password: string, ip?: string) =>
  gql(app.url, LOGIN, { input: { username, password } }, { headers: ip ? { "x-forwarded-for": ip } : {} });

async function failSignIn(app: TestApp, username: string, ip?: string): Promise<void> {
  expect(codeOf(await signIn(app, username, WRONG, ip))).toBe("UNAUTHENTICATED");
}

async function expectSignedIn(app: TestApp, username: string, ip?: string): Promise<void> {
  const res = await signIn(app, username, PASSWORD, ip);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data?.login.accessToken).toEqual(expect.any(String));
}

/** Checks the contract's refusal (HTTP 200, TOO_MANY_REQUESTS, no data) and returns retryAfter. */
function retryAfterOf(res: GqlResponse): number {
  expect(res.status).toBe(200);
  expect(codeOf(res)).toBe("TOO_MANY_REQUESTS");
  expect(res.body.data ?? null).toBeNull();
  const retryAfter = res.body.errors?.[0]?.extensions?.retryAfter;
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return retryAfter as number;
}

const refresh = async (app: TestApp, token: string): Promise<Registered> => {
  const res = await gql<{ refreshToken: Registered }>(app.url, REFRESH, { t: token });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.refreshToken;
};

describe("sign-in back-off per account and client IP", () => {
  it("answers the free failures and the first further one, then refuses even the right password with an integer retryAfter", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(3) });
    const { user } = await registerUser(app);
    freezeDate();
    for (let i = 0; i < 3; i += 1) await failSignIn(app, user.username); // the free ones
    await failSignIn(app, user.username); // the first further failure starts the wait
    retryAfterOf(await signIn(app, user.username, PASSWORD));
  });

  it("logs a refused attempt with the client IP and the keyed hash of the name tried, never the name", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(0) }, TRUST_PROXY);
    const { user } = await registerUser(app);
    freezeDate();
    await failSignIn(app, user.username, ATTACKER_IP);
    retryAfterOf(await signIn(app, user.username.toUpperCase(), PASSWORD, ATTACKER_IP));
    const failed = app.logs.find((line) => line.event === "auth.login.failed")!;
    const throttled = app.logs.find((line) => line.event === "auth.login.throttled")!;
    expect(throttled).toMatchObject({ ip: ATTACKER_IP, usernameHash: failed.usernameHash, retryAfter: expect.any(Number) });
    expect(failed.ip).toBe(ATTACKER_IP);
    expect(app.logText()).not.toContain(user.username.toLowerCase());
  });

  it("doubles the wait with each further failure up to maxDelay, and lets the owner in once it has passed", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(1, 4) });
    const { user } = await registerUser(app);
    freezeDate();
    await failSignIn(app, user.username); // the free one
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await failSignIn(app, user.username);
      const wait = retryAfterOf(await signIn(app, user.username, PASSWORD));
      waits.push(wait);
      passSeconds(wait + 0.1);
    }
    expect(waits).toEqual([1, 2, 4, 4]);
    await expectSignedIn(app, user.username);
  });

  it("refuses a throttled attempt before hashing any password", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(1) });
    const { user } = await registerUser(app);
    const verify = vi.spyOn(argon2, "verify");
    freezeDate();
    await failSignIn(app, user.username);
    await failSignIn(app, user.username);
    expect(verify).toHaveBeenCalledTimes(2);
    for (const password of [PASSWORD, WRONG, WRONG]) retryAfterOf(await signIn(app, user.username, password));
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it("blocks only the failing IP: the owner signs in from another IP while the attacker stays blocked", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(1) }, TRUST_PROXY);
    const { user } = await registerUser(app);
    freezeDate();
    await failSignIn(app, user.username, ATTACKER_IP);
    await failSignIn(app, user.username, ATTACKER_IP);
    retryAfterOf(await signIn(app, user.username, PASSWORD, ATTACKER_IP));
    await expectSignedIn(app, user.username, OWNER_IP);
    retryAfterOf(await signIn(app, user.username, PASSWORD, ATTACKER_IP));
  });

  it("ignores X-Forwarded-For without TRUST_PROXY: a blocked client cannot pose as another IP", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(1) });
    const { user } = await registerUser(app);
    freezeDate();
    // Were the header trusted, these would be one failure each from two IPs: no wait at all.
    await failSignIn(app, user.username, "203.0.113.1");
    await failSignIn(app, user.username, "203.0.113.2");
    retryAfterOf(await signIn(app, user.username, PASSWORD, OWNER_IP));
  });

  it("clears the account's failures on a successful sign-in", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(3) });
    const { user } = await registerUser(app);
    freezeDate();
    for (let i = 0; i < 3; i += 1) await failSignIn(app, user.username);
    await expectSignedIn(app, user.username);
    // Without the reset the 4th failure in a row would start a wait and the 5th attempt be refused.
    for (let i = 0; i < 3; i += 1) await failSignIn(app, user.username);
    await expectSignedIn(app, user.username);
  });
});

describe("sign-in back-off per account from any IP", () => {
  it("refuses an account guessed from many IPs, from a new IP too, and leaves other accounts alone", async () => {
    const app = await appWith({ loginByAccount: backoff(2) }, TRUST_PROXY);
    const victim = await registerUser(app);
    const bystander = await registerUser(app);
    freezeDate();
    for (const ip of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) await failSignIn(app, victim.user.username, ip);
    retryAfterOf(await signIn(app, victim.user.username, PASSWORD, OWNER_IP));
    await expectSignedIn(app, bystander.user.username, OWNER_IP);
  });
});

describe("sign-in back-off per IP", () => {
  it("refuses an IP that guesses many accounts, on a fresh account too, and leaves other IPs alone", async () => {
    const app = await appWith({ loginByIp: backoff(2) }, TRUST_PROXY);
    const users = await Promise.all([registerUser(app), registerUser(app), registerUser(app)]);
    const target = await registerUser(app);
    freezeDate();
    for (const { user } of users) await failSignIn(app, user.username, ATTACKER_IP);
    retryAfterOf(await signIn(app, target.user.username, PASSWORD, ATTACKER_IP));
    await expectSignedIn(app, target.user.username, OWNER_IP);
  });
});

describe("changePassword", () => {
  it("shares the sign-in back-off: after the free wrong current passwords the next change is refused unhashed", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(2) });
    const reg = await registerUser(app);
    const change = (current: string) =>
      gql(app.url, CHANGE_PASSWORD, { current, next: NEW_PASSWORD }, { token: reg.accessToken });
    const verify = vi.spyOn(argon2, "verify");
    freezeDate();
    for (let i = 0; i < 3; i += 1) expect(codeOf(await change(WRONG))).toBe("BAD_USER_INPUT");
    expect(verify).toHaveBeenCalledTimes(3);
    retryAfterOf(await change(PASSWORD));
    expect(verify).toHaveBeenCalledTimes(3);
  });
});

describe("registration limit per IP", () => {
  it("refuses the registration past the limit and creates no user", async () => {
    const app = await appWith({ registerByIp: { points: 2, window: 600 } });
    await registerUser(app);
    await registerUser(app);
    const username = uniqueUsername();
    retryAfterOf(await gql(app.url, REGISTER, { input: { username, password: PASSWORD } }));
    const em = app.orm.em.fork();
    expect(await em.count(User, {})).toBe(2);
    expect(await em.count(User, { username })).toBe(0);
  });

  it("counts per IP: another client IP can still register", async () => {
    const app = await appWith({ registerByIp: { points: 1, window: 600 } }, TRUST_PROXY);
    await registerUser(app, {}, { "x-forwarded-for": ATTACKER_IP });
    retryAfterOf(
      await gql(app.url, REGISTER, { input: { username: uniqueUsername(), password: PASSWORD } }, {
        headers: { "x-forwarded-for": ATTACKER_IP },
      }),
    );
    await registerUser(app, {}, { "x-forwarded-for": OWNER_IP });
  });
});

describe("refresh limit per IP", () => {
  it("refuses the refresh past the limit without rotating: the current token works once the window has passed", async () => {
    const app = await appWith({ refreshByIp: { points: 2, window: 60 } });
    const reg = await registerUser(app);
    freezeDate();
    const first = await refresh(app, reg.refreshToken);
    const second = await refresh(app, first.refreshToken);
    retryAfterOf(await gql(app.url, REFRESH, { t: second.refreshToken }));
    const session = await app.orm.em.fork().findOneOrFail(Session, { user: reg.user.id });
    expect(session.refreshTokenHash).toBe(hashRefreshToken(second.refreshToken));
    passSeconds(61);
    const third = await refresh(app, second.refreshToken);
    expect(third.user.id).toBe(reg.user.id);
  });
});

describe("aliases", () => {
  it("count one attempt each: three aliased refreshes use up a limit of three", async () => {
    const app = await appWith({ refreshByIp: { points: 3, window: 60 } });
    const reg = await registerUser(app);
    const [b, c] = [await login(app, reg.user.username), await login(app, reg.user.username)];
    const res = await gql(app.url, THREE_REFRESHES, { a: reg.refreshToken, b: b.refreshToken, c: c.refreshToken });
    expect(res.body.errors).toBeUndefined();
    retryAfterOf(await gql(app.url, REFRESH, { t: res.body.data?.a.refreshToken }));
  });

  it("count one attempt each: three aliased registrations use up a limit of three", async () => {
    const app = await appWith({ registerByIp: { points: 3, window: 600 } });
    const input = () => ({ username: uniqueUsername(), password: PASSWORD });
    const res = await gql(app.url, THREE_REGISTERS, { a: input(), b: input(), c: input() });
    expect(res.body.errors).toBeUndefined();
    retryAfterOf(await gql(app.url, REGISTER, { input: input() }));
    expect(await app.orm.em.fork().count(User, {})).toBe(3);
  });

  it("give no extra guesses: aliased wrong sign-ins stop at the first failure, which is counted", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(0) });
    const { user } = await registerUser(app);
    const verify = vi.spyOn(argon2, "verify");
    freezeDate();
    // login is non-null, so its first failure ends the mutation document: b and c never run.
    const res = await gql(app.url, THREE_LOGINS, { input: { username: user.username, password: WRONG } });
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([["a", "UNAUTHENTICATED"]]);
    expect(verify).toHaveBeenCalledTimes(1);
    retryAfterOf(await signIn(app, user.username, PASSWORD));
  });
});

describe("password hashing under load", () => {
  it("keeps answering other queries while a storm of sign-ins hashes", async () => {
    const app = await appWith({}); // GENEROUS_THROTTLE and the default argon2 parameters
    const reg = await registerUser(app);
    const logins = Array.from({ length: 40 }, () => signIn(app, reg.user.username, PASSWORD));
    const mes = Array.from({ length: 20 }, () => gql(app.url, ME, {}, { token: reg.accessToken }));
    const [loginResults, meResults] = await Promise.all([Promise.all(logins), Promise.all(mes)]);
    for (const me of meResults) {
      expect(me.status).toBe(200);
      expect(me.body.errors).toBeUndefined();
      expect(me.body.data?.me.id).toBe(reg.user.id);
    }
    for (const res of loginResults) expect(res.body.data?.login.user.id).toBe(reg.user.id);
  });

  it("runs at most one argon2 verify per CPU core at a time", async () => {
    const app = await appWith({});
    const reg = await registerUser(app);
    const realVerify = argon2.verify;
    let running = 0;
    let peak = 0;
    const verify = vi.spyOn(argon2, "verify").mockImplementation(async (...args: Parameters<typeof argon2.verify>) => {
      running += 1;
      peak = Math.max(peak, running);
      try {
        return await realVerify(...args);
      } finally {
        running -= 1;
      }
    });
    const count = Math.max(20, 3 * availableParallelism());
    const results = await Promise.all(Array.from({ length: count }, () => signIn(app, reg.user.username, PASSWORD)));
    for (const res of results) expect(res.body.data?.login.user.id).toBe(reg.user.id);
    expect(verify).toHaveBeenCalledTimes(count);
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(availableParallelism());
  });
});

describe("simultaneous attempts", () => {
  it("cannot slip past the back-off: of 30 wrong sign-ins at once, at most free + 1 check a password", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(2) });
    const { user } = await registerUser(app);
    const verify = vi.spyOn(argon2, "verify");
    const results = await Promise.all(Array.from({ length: 30 }, () => signIn(app, user.username, WRONG)));
    const checked = results.filter((r) => codeOf(r) === "UNAUTHENTICATED").length;
    expect(checked).toBeLessThanOrEqual(3);
    expect(results.filter((r) => codeOf(r) === "TOO_MANY_REQUESTS").length).toBe(30 - checked);
    expect(verify.mock.calls.length).toBe(checked);
  });

  it("shares counters between changePassword and sign-in: wrong current passwords block the next sign-in", async () => {
    const app = await appWith({ loginByAccountAndIp: backoff(2), loginByAccount: backoff(2) });
    const reg = await registerUser(app);
    for (let i = 0; i < 3; i++) {
      const res = await gql(app.url, CHANGE_PASSWORD, { current: WRONG, next: NEW_PASSWORD }, { token: reg.accessToken });
      expect(codeOf(res)).toBe("BAD_USER_INPUT");
    }
    expect(codeOf(await signIn(app, reg.user.username, PASSWORD))).toBe("TOO_MANY_REQUESTS");
  });
});

describe("TRUST_PROXY: the client is the rightmost address no trusted proxy wrote", () => {
  const REAL_CLIENT = "198.51.100.7";
  /** What a client behind one proxy sends: any chain it likes, then the proxy appends the real address. */
  const forwarded = (i: number, client = REAL_CLIENT) => ({ "x-forwarded-for": `203.0.113.${i}, ${client}` });
  const sessionIp = async (app: TestApp, userId: string) =>
    (await app.orm.em.fork().findOneOrFail(Session, { user: userId }, { orderBy: { createdAt: "desc" } })).ip;

  it("TRUST_PROXY=true: a client rotating the leftmost X-Forwarded-For entry still hits the registration limit", async () => {
    const app = await appWith({ registerByIp: { points: 2, window: 600 } }, TRUST_PROXY);
    const first = await registerUser(app, {}, forwarded(1));
    await registerUser(app, {}, forwarded(2));
    retryAfterOf(await gql(app.url, REGISTER, { input: { username: uniqueUsername(), password: PASSWORD } }, { headers: forwarded(3) }));
    expect(await sessionIp(app, first.user.id)).toBe(REAL_CLIENT);
    // Another real client behind the same proxy is not blocked.
    await registerUser(app, {}, forwarded(4, OWNER_IP));
  });

  it("TRUST_PROXY=true: rotating the leftmost entry does not escape the sign-in back-off per IP", async () => {
    const app = await appWith({ loginByIp: backoff(2) }, TRUST_PROXY);
    const users = await Promise.all([registerUser(app), registerUser(app), registerUser(app)]);
    freezeDate();
    for (const [i, { user }] of users.entries()) {
      expect(codeOf(await gql(app.url, LOGIN, { input: { username: user.username, password: WRONG } }, { headers: forwarded(i) }))).toBe(
        "UNAUTHENTICATED",
      );
    }
    const target = users[0]!.user.username;
    retryAfterOf(await gql(app.url, LOGIN, { input: { username: target, password: PASSWORD } }, { headers: forwarded(9) }));
  });

  it("TRUST_PROXY=true: rotating the leftmost entry does not escape the refresh limit", async () => {
    const app = await appWith({ refreshByIp: { points: 1, window: 60 } }, TRUST_PROXY);
    const reg = await registerUser(app);
    const first = await gql(app.url, REFRESH, { t: reg.refreshToken }, { headers: forwarded(1) });
    expect(first.body.errors).toBeUndefined();
    retryAfterOf(await gql(app.url, REFRESH, { t: first.body.data?.refreshToken.refreshToken }, { headers: forwarded(2) }));
  });

  it("TRUST_PROXY=2 (two proxies): the client is the second entry from the right", async () => {
    const app = await appWith({}, { TRUST_PROXY: "2" });
    const reg = await registerUser(app, {}, { "x-forwarded-for": `203.0.113.1, ${REAL_CLIENT}, 10.0.0.5` });
    expect(await sessionIp(app, reg.user.id)).toBe(REAL_CLIENT);
  });

  it("TRUST_PROXY as proxy addresses and ranges: entries they name are skipped, the first one they do not is the client", async () => {
    const app = await appWith({}, { TRUST_PROXY: "127.0.0.1, ::1, 10.0.0.0/8" });
    const reg = await registerUser(app, {}, { "x-forwarded-for": `203.0.113.1, ${REAL_CLIENT}, 10.1.2.3, 10.0.0.5` });
    expect(await sessionIp(app, reg.user.id)).toBe(REAL_CLIENT);
  });

  it("TRUST_PROXY naming other addresses than the peer's: X-Forwarded-For is not believed at all", async () => {
    const app = await appWith({}, { TRUST_PROXY: "10.0.0.0/8" });
    const reg = await registerUser(app, {}, { "x-forwarded-for": REAL_CLIENT });
    expect(await sessionIp(app, reg.user.id)).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });
});

describe("RATE_LIMIT_* set each limit from the environment", () => {
  const fromEnv = (env: Record<string, string>) => startApp({ TRUST_PROXY: "true", ...env }, { throttlePolicy: null });

  it("RATE_LIMIT_REGISTER_IP=1/10m allows one registration per IP", async () => {
    const app = await fromEnv({ RATE_LIMIT_REGISTER_IP: "1/10m" });
    await registerUser(app, {}, { "x-forwarded-for": ATTACKER_IP });
    retryAfterOf(await gql(app.url, REGISTER, { input: { username: uniqueUsername(), password: PASSWORD } }, { headers: { "x-forwarded-for": ATTACKER_IP } }));
  });

  it("RATE_LIMIT_REFRESH_IP=1/1m allows one refresh per IP a minute", async () => {
    const app = await fromEnv({ RATE_LIMIT_REFRESH_IP: "1/1m" });
    const reg = await registerUser(app);
    const first = await refresh(app, reg.refreshToken);
    const refused = await gql(app.url, REFRESH, { t: first.refreshToken });
    expect(retryAfterOf(refused)).toBeLessThanOrEqual(60);
  });

  it.each([
    ["RATE_LIMIT_LOGIN_ACCOUNT_IP", "1/1h/7s"],
    ["RATE_LIMIT_LOGIN_ACCOUNT", "1/1h/7s"],
    ["RATE_LIMIT_LOGIN_IP", "1/1h/7s"],
  ])("%s=%s: one free failure, then the back-off, its wait capped at the given longest wait", async (name, value) => {
    const app = await fromEnv({ [name]: value });
    const { user } = await registerUser(app);
    freezeDate();
    await failSignIn(app, user.username, ATTACKER_IP);
    await failSignIn(app, user.username, ATTACKER_IP); // starts a wait of 1 s
    expect(retryAfterOf(await signIn(app, user.username, PASSWORD, ATTACKER_IP))).toBe(1);
    for (let i = 0; i < 5; i++) {
      passSeconds(10);
      await failSignIn(app, user.username, ATTACKER_IP);
    }
    // 2^5 s would be 32 s: capped at 7.
    expect(retryAfterOf(await signIn(app, user.username, PASSWORD, ATTACKER_IP))).toBe(7);
  });

  it("keeps the documented defaults when nothing is set: 5 free failures per account and IP", async () => {
    const app = await fromEnv({});
    const { user } = await registerUser(app);
    freezeDate();
    for (let i = 0; i < 6; i++) await failSignIn(app, user.username, ATTACKER_IP);
    retryAfterOf(await signIn(app, user.username, PASSWORD, ATTACKER_IP));
    await expectSignedIn(app, user.username, OWNER_IP);
  });
});
