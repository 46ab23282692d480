import { randomBytes, randomInt } from "node:crypto";
import argon2 from "argon2";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { emailKey } from "../../src/accounts/validation.js";
import type { ThrottlePolicy } from "../../src/auth/throttle.js";
import { LinkToken, OutboxMail, User } from "../../src/entities/index.js";
import { PASSWORD, registerUser, type Registered } from "../helpers/factories.js";
import { CHANGE_EMAIL, DELETE_ACCOUNT, REQUEST_RESET, REQUEST_VERIFICATION, RESET, VERIFY } from "../helpers/email-flows.js";
import { codeOf, gql, type GqlResponse } from "../helpers/gql.js";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp-server.js";
import { GENEROUS_THROTTLE, stoppedAfterEach, type TestApp } from "../helpers/test-app.js";

/**
 * What keeps the e-mail flows from being a way to flood a mailbox or to guess: the limits
 * per address and per IP (in memory and in Redis), MAIL=off, and the cap on expensive
 * mutations in one document.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});
const startApp = stoppedAfterEach();
afterEach(() => {
  vi.restoreAllMocks();
  smtp.received.length = 0;
});
async function start(env: Record<string, string>, throttlePolicy: ThrottlePolicy = GENEROUS_THROTTLE): Promise<TestApp> {
  const app = await startApp({ SMTP_URL: smtp.url, TRUST_PROXY: "true", ...env }, { throttlePolicy });
  return app;
}

/** A fresh documentation-range IP and address per use, so that counters other runs left in Redis never meet ours. */
const freshIp = () => `198.51.${randomInt(256)}.${randomInt(256)}`;
const freshAddress = (name = "someone") => `${name}.${randomBytes(4).toString("hex")}@example.com`;
const from = (ip: string) => ({ "x-forwarded-for": ip });

function expectRetryAfter(res: GqlResponse, window: number): void {
  expect(res.status).toBe(200);
  expect(codeOf(res), JSON.stringify(res.body)).toBe("TOO_MANY_REQUESTS");
  const retryAfter = res.body.errors?.[0]?.extensions?.retryAfter;
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(window);
}

/** An account whose address counts as verified (set in the database: the flow itself would use up the limits). */
async function withVerifiedAddress(app: TestApp, email: string): Promise<Registered> {
  const user = await registerUser(app, { email }, from(freshIp()));
  await app.orm.em.fork().nativeUpdate(User, { id: user.user.id }, { emailVerified: true, verifiedEmailKey: emailKey(email) });
  return user;
}

/** One request of a flow, from `ip`, about `address`: each flow finds its address its own way. */
type Ask = (ip: string, address: string, password?: string) => Promise<GqlResponse>;
const FLOWS: [string, (app: TestApp) => Ask][] = [
  [
    "requestPasswordReset",
    (app) => {
      const known = new Map<string, Promise<Registered>>();
      return async (ip, address) => {
        if (!known.has(emailKey(address))) known.set(emailKey(address), withVerifiedAddress(app, address));
        await known.get(emailKey(address));
        return gql(app.url, REQUEST_RESET, { e: address }, { headers: from(ip) });
      };
    },
  ],
  [
    "requestEmailVerification",
    (app) => {
      const owners = new Map<string, Promise<Registered>>();
      return async (ip, address) => {
        if (!owners.has(emailKey(address))) owners.set(emailKey(address), registerUser(app, { email: address }, from(freshIp())));
        const owner = await owners.get(emailKey(address))!;
        return gql(app.url, REQUEST_VERIFICATION, {}, { token: owner.accessToken, headers: from(ip) });
      };
    },
  ],
  [
    "changeEmail",
    (app) => {
      const user = registerUser(app, {}, from(freshIp()));
      return async (ip, address, password = PASSWORD) =>
        gql(app.url, CHANGE_EMAIL, { e: address, p: password }, { token: (await user).accessToken, headers: from(ip) });
    },
  ],
];

/** Mail queued so far, once the work left after each answer is done. */
async function queued(app: TestApp): Promise<number> {
  await app.mail.settled();
  return app.orm.em.fork().count(OutboxMail, {});
}

describe.each(FLOWS)("%s is throttled", (name, flow) => {
  it("per address, whatever its case and wherever from: TOO_MANY_REQUESTS with retryAfter, refused before any work", async () => {
    const app = await start({}, { ...GENEROUS_THROTTLE, emailByAddress: { points: 2, window: 600 } });
    const ask = flow(app);
    const address = freshAddress("Same");
    for (const variant of [address, address.toLowerCase()]) expect((await ask(freshIp(), variant)).body.errors, name).toBeUndefined();
    const before = await queued(app);
    expect(before).toBe(2);
    const verify = vi.spyOn(argon2, "verify");
    // A wrong password too: had it been checked, the answer would be BAD_USER_INPUT.
    expectRetryAfter(await ask(freshIp(), address.toUpperCase(), "not the password at all"), 600);
    expect(verify).not.toHaveBeenCalled();
    expect(await queued(app)).toBe(before);
    // Another address goes on.
    expect((await ask(freshIp(), freshAddress())).body.errors).toBeUndefined();
  });

  it("per IP: TOO_MANY_REQUESTS with retryAfter, refused before any work; another IP goes on", async () => {
    const app = await start({}, { ...GENEROUS_THROTTLE, emailByIp: { points: 2, window: 300 } });
    const ask = flow(app);
    const ip = freshIp();
    for (let i = 0; i < 2; i++) expect((await ask(ip, freshAddress())).body.errors).toBeUndefined();
    const before = await queued(app);
    expect(before).toBe(2);
    const verify = vi.spyOn(argon2, "verify");
    const address = freshAddress();
    expectRetryAfter(await ask(ip, address, "not the password at all"), 300);
    expect(verify).not.toHaveBeenCalled();
    expect(await queued(app)).toBe(before);
    expect(await app.orm.em.fork().count(LinkToken, { email: address })).toBe(0);
    expect((await ask(freshIp(), address)).body.errors).toBeUndefined();
  });
});

describe("the e-mail limits in Redis", () => {
  it("count one address's and one IP's requests across instances together", async () => {
    const policy = { ...GENEROUS_THROTTLE, emailByAddress: { points: 2, window: 600 }, emailByIp: { points: 3, window: 600 } };
    // The second instance shares Redis, not the database: it only counts.
    const [a, b] = [await start({ REDIS_URL }, policy), await start({ REDIS_URL }, policy)];
    const address = freshAddress();
    for (const app of [a, b]) expect((await gql(app.url, REQUEST_RESET, { e: address }, { headers: from(freshIp()) })).body.errors).toBeUndefined();
    expectRetryAfter(await gql(a.url, REQUEST_RESET, { e: address }, { headers: from(freshIp()) }), 600);

    const ip = freshIp();
    for (const app of [a, b, a]) expect((await gql(app.url, REQUEST_RESET, { e: freshAddress() }, { headers: from(ip) })).body.errors).toBeUndefined();
    expectRetryAfter(await gql(b.url, REQUEST_RESET, { e: freshAddress() }, { headers: from(ip) }), 600);
  });
});

describe("MAIL=off", () => {
  it("refuses the flows that send e-mail with SERVICE_UNAVAILABLE / MAIL_DISABLED, before the address is looked up", async () => {
    const app = await start({ MAIL: "off", LOG_LEVEL: "trace" });
    const user = await registerUser(app, { email: "off@example.com" });
    await app.orm.em.fork().nativeUpdate(User, { id: user.user.id }, { emailVerified: true, verifiedEmailKey: "off@example.com" });
    const other = await registerUser(app, { email: "other.off@example.com" });
    const verify = vi.spyOn(argon2, "verify");
    const requests: [string, () => Promise<GqlResponse>][] = [
      ["requestPasswordReset", () => gql(app.url, REQUEST_RESET, { e: "off@example.com" })],
      ["requestEmailVerification", () => gql(app.url, REQUEST_VERIFICATION, {}, { token: other.accessToken })],
      ["changeEmail", () => gql(app.url, CHANGE_EMAIL, { e: "off@example.com", p: PASSWORD }, { token: other.accessToken })],
    ];
    for (const [name, request] of requests) {
      let res!: GqlResponse;
      const sql = await app.queriesDuring(async () => {
        res = await request();
        await app.mail.settled();
      });
      expect(res.body.errors?.[0]?.extensions, name).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "MAIL_DISABLED" });
      // The access token's session is checked (sessions join users); nothing reads a user, a link or the outbox.
      expect(sql.filter((q) => /\bfrom users\b|link_tokens|outbox/.test(q)), name).toEqual([]);
    }
    expect(verify).not.toHaveBeenCalled();
    expect(await app.orm.em.fork().count(LinkToken, {})).toBe(0);
    // What sends nothing still works: a link is checked as ever, an account can leave.
    expect(codeOf(await gql(app.url, VERIFY, { token: "A".repeat(43) }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gql(app.url, RESET, { token: "A".repeat(43), p: "long enough password" }))).toBe("BAD_USER_INPUT");
    expect((await gql(app.url, DELETE_ACCOUNT, { p: PASSWORD }, { token: user.accessToken })).body).toEqual({ data: { deleteAccount: true } });
  });
});

describe("the cap on expensive mutations in one document", () => {
  it("counts each e-mail flow that costs a password hash or a mail", async () => {
    const app = await start({ GRAPHQL_MAX_AUTH_OPERATIONS: "1" });
    const user = await registerUser(app, { email: "cap@example.com" });
    const fields: [string, string][] = [
      ["requestPasswordReset", 'requestPasswordReset(email: "cap@example.com")'],
      ["requestEmailVerification", "requestEmailVerification"],
      ["changeEmail", `changeEmail(newEmail: "cap.new@example.com", currentPassword: "${PASSWORD}")`],
      ["resetPassword", `resetPassword(token: "${"A".repeat(43)}", newPassword: "long enough password")`],
      ["deleteAccount", `deleteAccount(currentPassword: "${PASSWORD}")`],
    ];
    const verify = vi.spyOn(argon2, "verify");
    for (const [name, field] of fields) {
      const res = await gql(app.url, `mutation { a: ${field} b: ${field} }`, {}, { token: user.accessToken });
      expect(res.status, name).toBe(400);
      expect(codeOf(res), name).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(res.body.errors?.[0]?.message, name).toMatch(/^At most 1 /);
    }
    expect(verify).not.toHaveBeenCalled();
    expect(await queued(app)).toBe(0);
    // One of them alone is let through.
    expect((await gql(app.url, `mutation { ${fields[1]![1]} }`, {}, { token: user.accessToken })).body.data).toEqual({ requestEmailVerification: true });
  });
});
