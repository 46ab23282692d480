import { afterEach, describe, expect, it, vi } from "vitest";
import { LOGOUT, PASSWORD, REFRESH, login, registerUser, uniqueUsername } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { GENEROUS_THROTTLE, stoppedAfterEach, type TestApp } from "../helpers/test-app.js";

const TOKEN = "5d8f2c9a1e7b4f6a0c3e8d2b9f1a7c4e";
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;

const appWith = stoppedAfterEach();

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const metricsUrl = (app: TestApp) => new URL("/metrics", app.url).href;

function scrape(app: TestApp, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(metricsUrl(app), { headers });
}

async function metricsText(app: TestApp, headers: Record<string, string> = {}): Promise<string> {
  const response = await scrape(app, headers);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample of the Prometheus text (labels as written, in their order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const inner = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(",");
  const series = inner ? `${name}{${inner}}` : name;
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics with METRICS off (the default)", () => {
  it("is not there: the 404 of any unknown path, with or without a token", async () => {
    const app = await appWith({ METRICS_TOKEN: TOKEN });
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
      const response = await scrape(app, headers);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ errors: [{ message: "Not found", extensions: { code: "NOT_FOUND" } }] });
    }
  });
});

describe("GET /metrics with METRICS=on", () => {
  it("serves a loopback peer the Prometheus text: default process metrics, event-loop lag, and ours", async () => {
    const app = await appWith({ METRICS: "on" });
    const response = await scrape(app);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_heap_size_used_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_eventloop_lag_p99_seconds",
      "argon2_queue_depth",
      "mail_outbox_pending",
    ]) {
      expect(sample(text, name), name).toBeGreaterThanOrEqual(0);
    }
    // Every outcome's series is there before its first event.
    expect(sample(text, "auth_sign_ins_total", { outcome: "throttled" })).toBe(0);
    expect(sample(text, "auth_refreshes_total", { outcome: "succeeded" })).toBe(0);
    expect(sample(text, "auth_sessions_revoked_total", { reason: "reuse_detected" })).toBe(0);
    expect(sample(text, "auth_refresh_token_reuse_detected_total")).toBe(0);
    expect(sample(text, "auth_sessions_opened_total")).toBe(0);
  });

  it("counts sign-ins, refreshes, reuse, sessions and GraphQL requests by exactly what happened", async () => {
    // One free failure per account and IP, then a lock that lasts while Date stands still.
    const throttlePolicy = { ...GENEROUS_THROTTLE, loginByAccountAndIp: { free: 1, window: 3600, maxDelay: 900 } };
    const app = await appWith({ METRICS: "on", REFRESH_TOKEN_REUSE_INTERVAL: "0" }, { throttlePolicy });
    const before = await metricsText(app);
    const moved = (text: string, name: string, labels: Record<string, string> = {}) =>
      (sample(text, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);

    vi.useFakeTimers({ toFake: ["Date"] });
    const username = uniqueUsername();
    const email = `${username}@example.com`;
    const registered = await registerUser(app, { username, email });
    const signedIn = await login(app, username);
    const wrong = (input: { username: string; password: string }) => gql(app.url, LOGIN, { input });
    expect(codeOf(await wrong({ username, password: "not the password at all" }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await wrong({ username, password: "not the password either" }))).toBe("UNAUTHENTICATED");
    expect(codeOf(await wrong({ username, password: PASSWORD }))).toBe("TOO_MANY_REQUESTS");
    const rotated = await gql(app.url, REFRESH, { t: signedIn.refreshToken });
    expect(rotated.body.errors).toBeUndefined();
    // The retired token again (no reuse interval): theft, and the session ends.
    expect(codeOf(await gql(app.url, REFRESH, { t: signedIn.refreshToken }))).toBe("UNAUTHENTICATED");
    expect((await gql(app.url, LOGOUT, { t: registered.refreshToken })).body.data?.logout).toBe(true);

    const after = await metricsText(app);
    expect(moved(after, "auth_sign_ins_total", { outcome: "succeeded" })).toBe(1);
    expect(moved(after, "auth_sign_ins_total", { outcome: "failed" })).toBe(2);
    expect(moved(after, "auth_sign_ins_total", { outcome: "throttled" })).toBe(1);
    expect(moved(after, "auth_refreshes_total", { outcome: "succeeded" })).toBe(1);
    expect(moved(after, "auth_refreshes_total", { outcome: "refused" })).toBe(1);
    expect(moved(after, "auth_refreshes_total", { outcome: "throttled" })).toBe(0);
    expect(moved(after, "auth_refresh_token_reuse_detected_total")).toBe(1);
    expect(moved(after, "auth_sessions_opened_total")).toBe(2);
    expect(moved(after, "auth_sessions_revoked_total", { reason: "reuse_detected" })).toBe(1);
    expect(moved(after, "auth_sessions_revoked_total", { reason: "logout" })).toBe(1);
    expect(moved(after, "auth_sessions_revoked_total", { reason: "logout_all" })).toBe(0);

    expect(moved(after, "graphql_requests_total", { operation: "register", result: "ok" })).toBe(1);
    expect(moved(after, "graphql_requests_total", { operation: "login", result: "ok" })).toBe(1);
    expect(moved(after, "graphql_requests_total", { operation: "login", result: "error" })).toBe(3);
    expect(moved(after, "graphql_requests_total", { operation: "refreshToken", result: "ok" })).toBe(1);
    expect(moved(after, "graphql_requests_total", { operation: "refreshToken", result: "error" })).toBe(1);
    expect(moved(after, "graphql_requests_total", { operation: "logout", result: "ok" })).toBe(1);
    expect(moved(after, "graphql_request_duration_seconds_count", { operation: "login" })).toBe(4);
    expect(moved(after, "graphql_request_duration_seconds_bucket", { le: "+Inf", operation: "login" })).toBe(4);
    expect(sample(after, "graphql_request_duration_seconds_sum", { operation: "login" })).toBeGreaterThan(0);

    // Nothing of who did it: no username, e-mail, password or token.
    for (const secret of [username, email, PASSWORD, registered.accessToken, registered.refreshToken, signedIn.refreshToken, TOKEN]) {
      expect(after).not.toContain(secret);
    }
  });

  it("counts the sessions every other way of ending one ends, and the one a password change opens", async () => {
    const app = await appWith({ METRICS: "on", MAX_SESSIONS_PER_USER: "2" });
    const before = await metricsText(app);
    const moved = (text: string, reason: string) =>
      (sample(text, "auth_sessions_revoked_total", { reason }) ?? 0) - (sample(before, "auth_sessions_revoked_total", { reason }) ?? 0);
    const sessionIdOf = (accessToken: string) => (JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString()) as { sid: string }).sid;

    // A second between sign-ins, so that "the session used longest ago" is the first.
    const { user } = await registerUser(app);
    app.clock.advance(1);
    const second = await login(app, user.username);
    app.clock.advance(1);
    const third = await login(app, user.username); // the third of at most two: the first ends
    const revoke = await gql(app.url, "mutation($id: ID!) { revokeSession(id: $id) }", { id: sessionIdOf(second.accessToken) }, { token: third.accessToken });
    expect(revoke.body.data?.revokeSession).toBe(true);
    const changed = await gql(
      app.url,
      "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken } }",
      { c: PASSWORD, n: "another long enough passphrase" },
      { token: third.accessToken },
    );
    const movedTo = changed.body.data?.changePassword.accessToken as string;
    expect((await gql(app.url, "mutation { logoutAll }", {}, { token: movedTo })).body.data?.logoutAll).toBe(true);

    const after = await metricsText(app);
    expect((sample(after, "auth_sessions_opened_total") ?? 0) - (sample(before, "auth_sessions_opened_total") ?? 0)).toBe(4);
    expect(moved(after, "session_limit")).toBe(1);
    expect(moved(after, "revoked")).toBe(1);
    expect(moved(after, "password_changed")).toBe(1);
    expect(moved(after, "logout_all")).toBe(1);
    expect(moved(after, "logout")).toBe(0);
  });

  it("labels requests by the root field asked for, never by the name a client gives its operation", async () => {
    const app = await appWith({ METRICS: "on" });
    await gql(app.url, "query Anything_e3b0c442 { products(first: 1) { edges { cursor } } }");
    await gql(app.url, "{ mailEnabled products(first: 1) { edges { cursor } } }");
    await gql(app.url, "query Broken { notAField }");
    await gql(app.url, "{ this is not graphql");
    const text = await metricsText(app);
    expect(sample(text, "graphql_requests_total", { operation: "products", result: "ok" })).toBe(1);
    expect(sample(text, "graphql_requests_total", { operation: "multiple", result: "ok" })).toBe(1);
    expect(sample(text, "graphql_requests_total", { operation: "invalid", result: "error" })).toBe(2);
    expect(text).not.toMatch(/Anything_e3b0c442|Broken|notAField/);
  });

  it("shows the outbox's pending e-mails, and answers without them when the database does not", async () => {
    const app = await appWith({ METRICS: "on" });
    const em = app.orm.em.fork();
    app.mail.outbox.enqueue(em, { to: "someone@example.com", subject: "Hello", text: "a body" });
    app.mail.outbox.enqueue(em, { to: "someone@example.com", subject: "Hello again", text: "a body" });
    await em.flush();
    const text = await metricsText(app);
    expect(sample(text, "mail_outbox_pending")).toBe(2);
    expect(text).not.toContain("someone@example.com");

    vi.spyOn(app.orm.em, "fork").mockImplementation(() => {
      throw new Error("connection refused");
    });
    const away = await metricsText(app);
    expect(sample(away, "mail_outbox_pending")).toBeNaN();
    expect(sample(away, "auth_sessions_opened_total")).toBe(0);
  });

  it("answers within a second when the outbox count hangs", async () => {
    const app = await appWith({ METRICS: "on" });
    const hanging = { count: () => new Promise(() => {}) };
    vi.spyOn(app.orm.em, "fork").mockReturnValue(hanging as unknown as ReturnType<typeof app.orm.em.fork>);
    const started = performance.now();
    const text = await metricsText(app);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(sample(text, "mail_outbox_pending")).toBeNaN();
    expect(sample(text, "argon2_queue_depth")).toBe(0);
  });

  it("refuses a loopback peer that forwards for someone else (a proxy on this host) with 403, without a token configured", async () => {
    const app = await appWith({ METRICS: "on" });
    const proxied: Record<string, string>[] = [{ "x-forwarded-for": "203.0.113.9" }, { "x-forwarded-for": "127.0.0.1" }, { forwarded: "for=203.0.113.9" }];
    for (const headers of proxied) {
      const response = await scrape(app, headers);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        errors: [{ message: "Metrics are served to loopback only", extensions: { code: "FORBIDDEN" } }],
      });
    }
  });

  it("refuses the forwarded peer even when TRUST_PROXY makes the client's address loopback", async () => {
    const app = await appWith({ METRICS: "on", TRUST_PROXY: "true" });
    expect((await scrape(app, { "x-forwarded-for": "127.0.0.1" })).status).toBe(403);
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  it("serves whoever sends the token, a forwarded request too", async () => {
    const app = await appWith({ METRICS: "on", METRICS_TOKEN: TOKEN });
    const text = await metricsText(app, { authorization: `Bearer ${TOKEN}`, "x-forwarded-for": "203.0.113.9" });
    expect(sample(text, "auth_sign_ins_total", { outcome: "succeeded" })).toBe(0);
  });

  it("asks for it with 401 when it is missing or wrong, loopback included, and never shows it", async () => {
    const app = await appWith({ METRICS: "on", METRICS_TOKEN: TOKEN });
    const refused: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${TOKEN.slice(0, -1)}0` },
      { authorization: `Bearer ${TOKEN.slice(0, 8)}` },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}0`, "x-forwarded-for": "203.0.113.9" },
    ];
    for (const headers of refused) {
      const response = await scrape(app, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({ errors: [{ message: "Send the metrics token as a bearer", extensions: { code: "UNAUTHENTICATED" } }] });
      expect(body).not.toContain(TOKEN.slice(0, 8));
    }
    expect(app.logText()).not.toContain(TOKEN.slice(0, 8));
  });
});
