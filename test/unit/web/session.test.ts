import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthApiError, type AuthApi, type TokenPair } from "../../../web/src/session/auth-api.js";
import { createSession, type Session } from "../../../web/src/session/session.js";
import { createTabSync, type TabSync } from "../../../web/src/session/tab-sync.js";

/**
 * The web app's session module, with the browser's pieces it relies on: a real
 * BroadcastChannel (Node has one) between the "tabs" of a test, and a lock manager that
 * runs one holder at a time as navigator.locks does. The API is a fake that answers when
 * the test says so.
 */

const user = { id: "u1", username: "ada", name: null, role: "USER" as const };
let clock = Date.parse("2026-06-01T12:00:00Z");
const now = () => clock;

let issued = 0;
let sessionId = 0;
/** A token shaped like a JWT whose payload names its session (`sid`), as the API's do. */
function token(): string {
  issued++;
  const payload = Buffer.from(JSON.stringify({ sid: `s${sessionId}`, jti: issued })).toString("base64url");
  return `eyJhbGciOiJIUzI1NiJ9.${payload}.signature`;
}
/** A new pair of the current session (a refresh); `opened()` for a sign-in's new session. */
function pair(ttlSeconds = 900): TokenPair {
  return {
    accessToken: token(),
    expiresIn: ttlSeconds,
    expiresAt: new Date(clock + ttlSeconds * 1000).toISOString(),
    sessionExpiresAt: new Date(clock + 30 * 86_400_000).toISOString(),
    user,
  };
}

/** The session a fake token names. */
function sessionOf(accessToken: string | null): string {
  return JSON.parse(Buffer.from(accessToken!.split(".")[1]!, "base64url").toString()).sid;
}

function opened(ttlSeconds = 900): TokenPair {
  sessionId++;
  return pair(ttlSeconds);
}

function refusal(reason: string) {
  return new AuthApiError([{ message: reason, code: "UNAUTHENTICATED", reason }], 200);
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** An API whose refreshes wait for the test (`answerRefresh`), and that counts its calls. */
function fakeApi() {
  const pending: Deferred<TokenPair>[] = [];
  const calls: string[] = [];
  const api: AuthApi = {
    signIn: async () => (calls.push("signIn"), opened()),
    register: async () => (calls.push("register"), opened()),
    refresh: () => {
      calls.push("refresh");
      const answer = deferred<TokenPair>();
      pending.push(answer);
      return answer.promise;
    },
    signOut: async () => void calls.push("signOut"),
    changePassword: async () => (calls.push("changePassword"), opened()),
    signOutEverywhere: async () => void calls.push("signOutEverywhere"),
  };
  return {
    api,
    calls,
    pending,
    /** Waits for the next refresh to reach the API, then answers it. */
    async answerRefresh(answer: TokenPair | Error = pair()) {
      await vi.waitFor(() => expect(pending.length).toBeGreaterThan(0));
      const next = pending.shift()!;
      calls.push("refresh answered");
      if (answer instanceof Error) next.reject(answer);
      else next.resolve(answer);
      await settle();
    },
  };
}

/** One holder at a time, in request order: what navigator.locks.request does for one name. */
function fakeLocks(): LockManager {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    request: (_name: string, work: () => Promise<unknown>) => {
      const run = chain.then(() => work());
      chain = run.catch(() => undefined);
      return run;
    },
  } as unknown as LockManager;
}

/** The tabs of one browser: a shared lock and a channel of their own. */
function browser() {
  const locks = fakeLocks();
  const name = `test-${randomUUID()}`;
  return (): TabSync => createTabSync({ locks, channel: new BroadcastChannel(name) });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const sessions: Session[] = [];
function tab(api: AuthApi, tabs: TabSync): Session {
  const session = createSession({ api, tabs, now });
  sessions.push(session);
  return session;
}

/** Two tabs of one browser, signed in from the first (the second adopted its token). */
async function twoTabsSignedIn() {
  const server = fakeApi();
  const newTab = browser();
  const a = tab(server.api, newTab());
  const b = tab(server.api, newTab());
  await a.signIn("ada", "pw");
  await settle();
  return { server, a, b };
}

afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
});

describe("the web app's session", () => {
  it("starts signed in when the refresh cookie opens a session, with the user", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    const started = session.start();
    expect(session.getState().status).toBe("starting");
    await server.answerRefresh();
    await started;
    expect(session.getState()).toEqual({ status: "signed-in", user });
    expect(await session.getAccessToken()).toMatch(/^eyJ/);
  });

  it("starts signed out, with no reason to show and nothing told to other tabs, when there is no session", async () => {
    const server = fakeApi();
    const newTab = browser();
    const other = tab(server.api, newTab());
    other.start();
    await server.answerRefresh();
    const session = tab(server.api, newTab());
    const started = session.start();
    await server.answerRefresh(refusal("REFRESH_TOKEN_INVALID"));
    await started;
    expect(session.getState()).toEqual({ status: "signed-out", reason: null });
    await settle();
    expect(other.getState().status).toBe("signed-in");
  });

  it("stays signed out and says so when the server cannot be reached at start", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    const refused = expect(session.start()).rejects.toThrow("fetch failed");
    await server.answerRefresh(new TypeError("fetch failed"));
    await refused;
    expect(session.getState()).toEqual({ status: "signed-out", reason: null });
  });

  it("refreshes ahead of expiry, once for all the callers that need it", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    await session.signIn("ada", "pw");
    const first = await session.getAccessToken();
    clock += 880_000; // 20 s left of 15 min: inside the 30 s margin
    const waiting = [session.getAccessToken(), session.getAccessToken(), session.getAccessToken()];
    await server.answerRefresh();
    const tokens = await Promise.all(waiting);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first);
    expect(server.calls.filter((call) => call === "refresh")).toHaveLength(1);
  });

  it("refreshes a short-lived token a third of its life early, not on every use", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    server.api.signIn = async () => opened(6);
    await session.signIn("ada", "pw");
    clock += 3_000; // 3 s of 6 left: more than a third
    await session.getAccessToken();
    expect(server.calls).not.toContain("refresh");
    clock += 1_500; // 1.5 s left
    const token = session.getAccessToken();
    await server.answerRefresh();
    await token;
    expect(server.calls).toContain("refresh");
  });

  it("lets one tab refresh at a time: the other waits for the lock, and both go on signed in", async () => {
    const server = fakeApi();
    const newTab = browser();
    const a = tab(server.api, newTab());
    const b = tab(server.api, newTab());
    a.start();
    await server.answerRefresh();
    await settle(); // b adopts the token a shared
    expect(b.getState().status).toBe("signed-in");

    clock += 890_000;
    const tokens = Promise.all([a.getAccessToken(), b.getAccessToken()]);
    await settle();
    expect(server.pending).toHaveLength(1); // both need one; the lock lets one ask
    await server.answerRefresh();
    // b got the lock after a's refresh: it uses the token a shared, or (when the lock
    // came before the message) refreshes with the cookie a's refresh set. Never both at once.
    await settle();
    expect(server.pending.length).toBeLessThanOrEqual(1);
    if (server.pending.length === 1) await server.answerRefresh();
    const [tokenA, tokenB] = await tokens;
    expect(tokenA).toMatch(/^eyJ/);
    expect(tokenB).toMatch(/^eyJ/);
    expect(a.getState().status).toBe("signed-in");
    expect(b.getState().status).toBe("signed-in");
  });

  it("signs every tab out when one signs out, and logs out on the server once", async () => {
    const { server, a, b } = await twoTabsSignedIn();
    expect(b.getState().status).toBe("signed-in");
    await a.signOut();
    await settle();
    expect(a.getState()).toEqual({ status: "signed-out", reason: "SIGNED_OUT" });
    expect(b.getState()).toEqual({ status: "signed-out", reason: "SIGNED_OUT" });
    expect(await b.getAccessToken()).toBeNull();
    expect(server.calls.filter((call) => call === "signOut")).toHaveLength(1);
  });

  it("ends a session the server ended (an account deleted) in every tab with its reason, whatever the logout answers", async () => {
    const { server, a, b } = await twoTabsSignedIn();
    server.api.signOut = async () => {
      server.calls.push("signOut");
      throw refusal("REFRESH_TOKEN_INVALID"); // the session is gone: the logout only clears the cookie
    };
    await a.endedByServer("ACCOUNT_DELETED");
    await settle();
    expect(a.getState()).toEqual({ status: "signed-out", reason: "ACCOUNT_DELETED" });
    expect(b.getState()).toEqual({ status: "signed-out", reason: "ACCOUNT_DELETED" });
    expect(await a.getAccessToken()).toBeNull();
    expect(server.calls.filter((call) => call === "signOut")).toHaveLength(1);
  });

  it("leaves a signed-out tab as it was when the server reports an ending (a reset from a browser with no session)", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    const start = session.start();
    await server.answerRefresh(refusal("REFRESH_TOKEN_INVALID"));
    await start;
    await session.endedByServer("PASSWORD_RESET");
    expect(session.getState()).toEqual({ status: "signed-out", reason: null });
    expect(server.calls).not.toContain("signOut");
  });

  it("signs every tab out when a refresh says the session was revoked", async () => {
    const { server, a, b } = await twoTabsSignedIn();
    const retry = a.refreshAfterRefusal(await a.getAccessToken());
    await server.answerRefresh(refusal("SESSION_REVOKED"));
    expect(await retry).toBeNull();
    await settle();
    expect(a.getState()).toEqual({ status: "signed-out", reason: "SESSION_REVOKED" });
    expect(b.getState()).toEqual({ status: "signed-out", reason: "SESSION_REVOKED" });
  });

  it("keeps the session when a refresh fails for another reason (offline, throttled)", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    await session.signIn("ada", "pw");
    const refused = expect(session.refreshAfterRefusal(await session.getAccessToken())).rejects.toThrow("slow down");
    await server.answerRefresh(new AuthApiError([{ message: "slow down", code: "TOO_MANY_REQUESTS", retryAfter: 5 }], 200));
    await refused;
    expect(session.getState().status).toBe("signed-in");
  });

  it("retries a refused request with a token another request already got, without refreshing again", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    await session.signIn("ada", "pw");
    const old = await session.getAccessToken();
    const first = session.refreshAfterRefusal(old);
    await server.answerRefresh();
    const fresh = await first;
    expect(await session.refreshAfterRefusal(old)).toBe(fresh);
    expect(server.calls.filter((call) => call === "refresh")).toHaveLength(1);
  });

  it("signs in after a refresh in flight, whose answer then cannot replace the new session", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    await session.signIn("ada", "pw");
    clock += 890_000;
    const stale = session.getAccessToken();
    await vi.waitFor(() => expect(server.pending).toHaveLength(1));
    const signIn = session.signIn("ada", "pw");
    await server.answerRefresh(); // the older refresh's answer
    await Promise.all([stale, signIn]);
    expect(server.calls.slice(-2)).toEqual(["refresh answered", "signIn"]);
    expect(sessionOf(await session.getAccessToken())).toBe(`s${sessionId}`);
  });

  it("signs out for good while a refresh is in flight: its answer does not bring the session back", async () => {
    const { server, a, b } = await twoTabsSignedIn();
    clock += 890_000;
    const refreshing = b.getAccessToken(); // b refreshes, under the lock
    await vi.waitFor(() => expect(server.pending).toHaveLength(1));
    const out = a.signOut();
    await server.answerRefresh();
    await out;
    await refreshing;
    await settle();
    expect(a.getState().status).toBe("signed-out");
    expect(b.getState().status).toBe("signed-out");
    // The logout went out after the refresh was answered, so it ended what the refresh issued.
    expect(server.calls.indexOf("signOut")).toBeGreaterThan(server.calls.indexOf("refresh answered"));
  });

  it("waits for another tab's refresh before signing in, so that refresh cannot replace the new session", async () => {
    const { server, a, b } = await twoTabsSignedIn();
    clock += 890_000;
    const refreshing = b.getAccessToken();
    await vi.waitFor(() => expect(server.pending).toHaveLength(1));
    const signIn = a.signIn("ada", "pw");
    await settle();
    expect(server.calls.filter((call) => call === "signIn")).toHaveLength(1); // the second waits for the lock
    await server.answerRefresh();
    await Promise.all([signIn, refreshing]);
    await settle();
    expect(server.calls.slice(-2)).toEqual(["refresh answered", "signIn"]);
    expect(await b.getAccessToken()).toBe(await a.getAccessToken());
  });

  it("stays on a newer session when another tab reports the end of the older one", async () => {
    const { server, a, b } = await twoTabsSignedIn();
    const refreshing = b.refreshAfterRefusal(await b.getAccessToken()); // to be told the old session was revoked
    await vi.waitFor(() => expect(server.pending).toHaveLength(1));
    const changed = a.changePassword("pw", "new password");
    await server.answerRefresh(refusal("SESSION_REVOKED"));
    await Promise.all([changed, refreshing]);
    await settle();
    expect(a.getState().status).toBe("signed-in");
    expect(b.getState().status).toBe("signed-in");
    expect(sessionOf(await a.getAccessToken())).toBe(`s${sessionId}`);
    expect(await b.getAccessToken()).toBe(await a.getAccessToken());
  });

  it("times the token on this device's clock: a clock 20 minutes ahead does not refresh on every call", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    clock -= 1_200_000; // the server's clock, 20 minutes behind this device's
    const pair = opened();
    clock += 1_200_000;
    server.api.signIn = async () => pair; // expiresAt already past by this device's clock
    await session.signIn("ada", "pw");
    for (let i = 0; i < 5; i++) await session.getAccessToken();
    expect(server.calls).not.toContain("refresh");
  });

  it("sends no refresh before retryAfter once one was throttled, and throws its error meanwhile", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    await session.signIn("ada", "pw");
    clock += 890_000;
    const throttledError = new AuthApiError([{ message: "slow down", code: "TOO_MANY_REQUESTS", retryAfter: 5 }], 200);
    const first = expect(session.getAccessToken()).rejects.toThrow("slow down");
    await server.answerRefresh(throttledError);
    await first;
    await expect(session.getAccessToken()).rejects.toThrow("slow down");
    expect(server.calls.filter((call) => call === "refresh")).toHaveLength(1);
    clock += 5_000;
    const later = session.getAccessToken();
    await server.answerRefresh();
    expect(await later).toMatch(/^eyJ/);
  });

  it("signs out everywhere: every session on the server, then this tab and the others", async () => {
    const { server, a, b } = await twoTabsSignedIn();
    await a.signOutEverywhere();
    await settle();
    expect(server.calls).toContain("signOutEverywhere");
    expect(a.getState().status).toBe("signed-out");
    expect(b.getState().status).toBe("signed-out");
  });

  it("works without Web Locks or BroadcastChannel (one tab on its own)", async () => {
    const server = fakeApi();
    const session = tab(server.api, createTabSync({ locks: undefined, channel: undefined }));
    const started = session.start();
    await server.answerRefresh();
    await started;
    expect(session.getState().status).toBe("signed-in");
    await session.signOut();
    expect(session.getState().status).toBe("signed-out");
  });

  it("changes the password once more with a new token when the API refused the first (401), refreshing outside the lock", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    await session.signIn("ada", "pw");
    const refused = await session.getAccessToken();
    const sentWith: string[] = [];
    const changePassword = server.api.changePassword;
    server.api.changePassword = async (token, current, next) => {
      sentWith.push(token);
      if (token === refused) throw new AuthApiError([{ message: "expired", code: "UNAUTHENTICATED", reason: "TOKEN_EXPIRED" }], 401);
      return changePassword(token, current, next);
    };
    const changed = session.changePassword("pw", "new password");
    await server.answerRefresh();
    await changed;
    expect(sentWith).toHaveLength(2);
    expect(sentWith[1]).not.toBe(refused);
    expect(server.calls).toContain("changePassword");
    expect(session.getState().status).toBe("signed-in");
  });

  it("goes on with the pair changePassword returns, in every tab", async () => {
    const server = fakeApi();
    const newTab = browser();
    const a = tab(server.api, newTab());
    const b = tab(server.api, newTab());
    await a.signIn("ada", "pw");
    await a.changePassword("pw", "new password");
    await settle();
    expect(await b.getAccessToken()).toBe(await a.getAccessToken());
    expect(server.calls).toContain("changePassword");
  });

  it("tells subscribers when the state changes, and only then", async () => {
    const server = fakeApi();
    const session = tab(server.api, browser()());
    const seen: string[] = [];
    session.subscribe(() => seen.push(session.getState().status));
    await session.signIn("ada", "pw");
    clock += 890_000;
    const token = session.getAccessToken();
    await server.answerRefresh();
    await token; // same user: no change to tell
    await session.signOut();
    expect(seen).toEqual(["signed-in", "signed-out"]);
  });
});
