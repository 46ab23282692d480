import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashRefreshToken } from "../../src/auth/refresh-tokens.js";
import { Session } from "../../src/entities/index.js";
import { PASSWORD, uniqueUsername } from "../helpers/factories.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * The cookie transport: a COOKIE session's refresh token lives in an HttpOnly cookie, never
 * in a response body, and is read only for requests from the web app's own origins.
 */

const COOKIE = "__Host-refresh_token";
const PAIR = "accessToken refreshToken expiresAt sessionExpiresAt user { id }";
const REFRESH = `mutation { refreshToken { ${PAIR} } }`;
const LOGOUT = `mutation { logout }`;

interface Reply {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { extensions?: { code?: string; reason?: string } }[] };
  setCookies: string[];
}

let app: TestApp;
let origin: string;
beforeAll(async () => {
  app = await createTestApp();
  origin = new URL(app.url).origin;
});
afterAll(() => app.stop());

async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, target = app): Promise<Reply> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Reply["body"], setCookies: response.headers.getSetCookie() };
}

/** The refresh cookie a response set: its value and attributes, lower-cased names. */
function refreshCookie(reply: Reply): { value: string; attributes: Record<string, string> } | undefined {
  const line = reply.setCookies.find((c) => c.startsWith(`${COOKIE}=`));
  if (!line) return undefined;
  const [pair, ...rest] = line.split(/;\s*/);
  const attributes = Object.fromEntries(
    rest.map((part) => {
      const [name, ...value] = part.split("=");
      return [name!.toLowerCase(), value.join("=")];
    }),
  );
  return { value: pair!.slice(COOKIE.length + 1), attributes };
}

const reasonOf = (reply: Reply) => reply.body.errors?.[0]?.extensions?.reason;

async function signIn(transport: "COOKIE" | "BODY" = "COOKIE", target = app) {
  const username = uniqueUsername();
  const reply = await post(
    `mutation($i: RegisterInput!) { register(input: $i) { ${PAIR} } }`,
    { i: { username, password: PASSWORD, refreshTokenTransport: transport } },
    {},
    target,
  );
  const payload = reply.body.data!.register;
  return { reply, username, payload, cookie: refreshCookie(reply)?.value };
}

const fromApp = (cookie: string | undefined, extra: Record<string, string> = {}) => ({
  origin,
  ...(cookie ? { cookie: `${COOKIE}=${cookie}` } : {}),
  ...extra,
});

describe("signing in with refreshTokenTransport: COOKIE", () => {
  it("sets the cookie HttpOnly, Secure, SameSite=Strict, Path=/, no Domain, Max-Age until the session ends", async () => {
    const { reply, payload } = await signIn();
    const cookie = refreshCookie(reply)!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toEqual({ "max-age": String(30 * 86_400), path: "/", httponly: "", secure: "", samesite: "Strict" });
    expect(Date.parse(payload.sessionExpiresAt) - app.clock.now().getTime()).toBe(30 * 86_400_000);
  });

  it("never puts the refresh token in the body: login, register, refreshToken, changePassword", async () => {
    const { payload, username, cookie } = await signIn();
    expect(payload.refreshToken).toBeNull();
    const login = await post(`mutation($i: LoginInput!) { login(input: $i) { ${PAIR} } }`, {
      i: { username, password: PASSWORD, refreshTokenTransport: "COOKIE" },
    });
    expect(login.body.data!.login.refreshToken).toBeNull();
    expect(refreshCookie(login)?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const refreshed = await post(REFRESH, {}, fromApp(cookie));
    expect(refreshed.body.data!.refreshToken.refreshToken).toBeNull();
    const changed = await post(
      `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { ${PAIR} } }`,
      { c: PASSWORD, n: "another good password 42" },
      { authorization: `Bearer ${refreshed.body.data!.refreshToken.accessToken}` },
    );
    expect(changed.body.data!.changePassword.refreshToken).toBeNull();
    // The new session's token went into the cookie, and it works.
    const next = refreshCookie(changed)!.value;
    expect((await post(REFRESH, {}, fromApp(next))).body.data?.refreshToken.accessToken).toEqual(expect.any(String));
  });

  it("leaves a BODY session exactly as before: the token in the body, no cookie", async () => {
    const { reply, payload } = await signIn("BODY");
    expect(payload.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(refreshCookie(reply)).toBeUndefined();
    const refreshed = await post(`mutation($t: String!) { refreshToken(refreshToken: $t) { ${PAIR} } }`, { t: payload.refreshToken });
    expect(refreshed.body.data!.refreshToken.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(refreshCookie(refreshed)).toBeUndefined();
  });
});

describe("refreshToken without an argument", () => {
  it("reads the cookie and sets the next one, Max-Age counting down to the session's end", async () => {
    const { cookie } = await signIn();
    app.clock.advance(3600);
    const reply = await post(REFRESH, {}, fromApp(cookie));
    expect(reply.body.data?.refreshToken.accessToken).toEqual(expect.any(String));
    const next = refreshCookie(reply)!;
    expect(next.value).not.toBe(cookie);
    expect(next.attributes["max-age"]).toBe(String(30 * 86_400 - 3600));
  });

  it("gives two tabs refreshing at once the same next cookie, and the session lives", async () => {
    const { cookie } = await signIn();
    const [a, b] = await Promise.all([post(REFRESH, {}, fromApp(cookie)), post(REFRESH, {}, fromApp(cookie))]);
    expect(refreshCookie(a)!.value).toBe(refreshCookie(b)!.value);
    expect((await post(REFRESH, {}, fromApp(refreshCookie(a)!.value))).body.data?.refreshToken).toBeTruthy();
  });

  it("clears the cookie when it refuses it: reused, malformed, unknown", async () => {
    const { cookie } = await signIn();
    const second = refreshCookie(await post(REFRESH, {}, fromApp(cookie)))!.value;
    await post(REFRESH, {}, fromApp(second));
    for (const [value, reason] of [
      [cookie, "REFRESH_TOKEN_REUSED"],
      ["not-a-token", "REFRESH_TOKEN_INVALID"],
      ["A".repeat(43), "REFRESH_TOKEN_INVALID"],
    ] as const) {
      const reply = await post(REFRESH, {}, fromApp(value));
      expect(reasonOf(reply)).toBe(reason);
      const cleared = refreshCookie(reply)!;
      expect(cleared.value).toBe("");
      expect(cleared.attributes["max-age"]).toBe("0");
      expect(cleared.attributes.path).toBe("/");
    }
  });

  it("clears the cookie of a session whose absolute lifetime is over (SESSION_EXPIRED)", async () => {
    const { cookie } = await signIn();
    app.clock.advance(30 * 86_400);
    const reply = await post(REFRESH, {}, fromApp(cookie));
    expect(reasonOf(reply)).toBe("SESSION_EXPIRED");
    expect(refreshCookie(reply)!.value).toBe("");
    expect(refreshCookie(reply)!.attributes["max-age"]).toBe("0");
  });

  it("accepts the session's token as an argument too, and still answers by the session's transport", async () => {
    const { cookie } = await signIn();
    const reply = await post(`mutation($t: String) { refreshToken(refreshToken: $t) { ${PAIR} } }`, { t: cookie });
    expect(reply.body.data!.refreshToken.refreshToken).toBeNull();
    expect(refreshCookie(reply)?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("the origin check of operations that read the cookie", () => {
  it("refuses a foreign Origin with FORBIDDEN, CROSS_SITE_REQUEST, and changes nothing", async () => {
    const { cookie } = await signIn();
    const reuses = () => app.logs.filter((l) => l.event === "auth.refresh.reuse_detected").length;
    const before = reuses();
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: `${origin}.evil.example` },
      { origin, "sec-fetch-site": "cross-site" },
      {},
      { referer: "https://evil.example/page" },
    ];
    for (const headers of cases) {
      for (const query of [REFRESH, LOGOUT]) {
        const reply = await post(query, {}, { cookie: `${COOKIE}=${cookie}`, ...headers });
        expect(reply.body.errors?.[0]?.extensions?.code, JSON.stringify(headers)).toBe("FORBIDDEN");
        expect(reasonOf(reply)).toBe("CROSS_SITE_REQUEST");
        expect(reply.setCookies).toEqual([]);
      }
    }
    const refusals = app.logs.filter((l) => l.event === "auth.cookie.cross_site_refused");
    expect(refusals.some((l) => l.origin === "https://evil.example" && typeof l.ip === "string")).toBe(true);
    // Neither rotated nor ended: the session still holds this very token, live.
    const session = await app.orm.em.fork().findOneOrFail(Session, { refreshTokenHash: hashRefreshToken(cookie!) });
    expect(session.revokedAt).toBeNull();
    expect(session.rotatedAt).toBeNull();
    const reply = await post(REFRESH, {}, fromApp(cookie));
    expect(reply.body.data?.refreshToken.accessToken).toEqual(expect.any(String));
    expect(reuses()).toBe(before);
  });

  it("accepts the app's own origin by Referer when there is no Origin, same-site fetches, and loopback aliases", async () => {
    const port = new URL(app.url).port;
    const cases: Record<string, string>[] = [
      { referer: `${origin}/account` },
      { origin, "sec-fetch-site": "same-origin" },
      { origin: `http://localhost:${port}` },
    ];
    for (const headers of cases) {
      const { cookie } = await signIn();
      const reply = await post(REFRESH, {}, { cookie: `${COOKIE}=${cookie}`, ...headers });
      expect(reply.body.data?.refreshToken.accessToken, JSON.stringify(headers)).toEqual(expect.any(String));
    }
  });

  it("does not check the origin of a refresh whose token comes as an argument (mobile apps, servers)", async () => {
    const { payload } = await signIn("BODY");
    const reply = await post(`mutation($t: String!) { refreshToken(refreshToken: $t) { ${PAIR} } }`, { t: payload.refreshToken }, {
      origin: "https://evil.example",
    });
    expect(reply.body.data?.refreshToken.refreshToken).toEqual(expect.any(String));
  });

  describe("with PUBLIC_URL and CORS_ORIGINS", () => {
    let configured: TestApp;
    beforeAll(async () => {
      configured = await createTestApp({ PUBLIC_URL: "https://shop.example.com/", CORS_ORIGINS: "https://admin.example.com" });
    });
    afterAll(() => configured.stop());

    it("accepts PUBLIC_URL's origin and CORS_ORIGINS, and no longer the listening address", async () => {
      const cases: [string, boolean][] = [
        ["https://shop.example.com", true],
        ["https://admin.example.com", true],
        [new URL(configured.url).origin, false],
        ["http://shop.example.com", false],
      ];
      for (const [from, accepted] of cases) {
        const { cookie } = await signIn("COOKIE", configured);
        const reply = await post(REFRESH, {}, { origin: from, cookie: `${COOKIE}=${cookie}` }, configured);
        expect(Boolean(reply.body.data?.refreshToken), from).toBe(accepted);
        if (!accepted) expect(reasonOf(reply)).toBe("CROSS_SITE_REQUEST");
      }
    });
  });
});

describe("logout without an argument", () => {
  it("ends the cookie's session and clears the cookie", async () => {
    const { cookie, payload } = await signIn();
    const reply = await post(LOGOUT, {}, fromApp(cookie));
    expect(reply.body.data?.logout).toBe(true);
    const cleared = refreshCookie(reply)!;
    expect(cleared.value).toBe("");
    expect(cleared.attributes["max-age"]).toBe("0");
    const me = await post(`{ me { id } }`, {}, { authorization: `Bearer ${payload.accessToken}` });
    expect(me.status).toBe(401);
    expect(reasonOf(await post(REFRESH, {}, fromApp(cookie)))).toBe("SESSION_REVOKED");
  });

  it("clears a dead cookie too, and says why", async () => {
    const { cookie } = await signIn();
    await post(LOGOUT, {}, fromApp(cookie));
    const again = await post(LOGOUT, {}, fromApp(cookie));
    expect(reasonOf(again)).toBe("SESSION_REVOKED");
    expect(refreshCookie(again)!.value).toBe("");
  });
});
