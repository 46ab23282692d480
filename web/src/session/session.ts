import { AuthApiError, type AuthApi, type RegisterFields, type SessionUser, type TokenPair } from "./auth-api";
import type { TabMessage, TabSync } from "./tab-sync";
import { sessionIdOf } from "./token-claims";

/**
 * The one module that holds the access token, and tells the app whether it is signed in.
 *
 * - The access token lives in this closure, in memory: never in localStorage,
 *   sessionStorage or a readable cookie, where an injected script could take it home. The
 *   refresh token is in an HttpOnly cookie that no script can read at all.
 * - `start()` on load: a refresh from the cookie answers "signed in" (with a new access
 *   token) or "signed out".
 * - A token with less than `refreshMargin` seconds left (a third of its life, if shorter) is
 *   refreshed before it is used. Its life is timed from `expiresIn` on this device's clock,
 *   so a clock set wrong moves nothing. A request refused anyway (TOKEN_EXPIRED) asks
 *   `refreshAfterRefusal`, and is sent once more with the new token.
 * - Everything that sets or clears the cookie (refresh, sign-in, register, changePassword,
 *   sign-out) runs under the tabs' lock (tab-sync.ts), one at a time in the whole browser, so
 *   no answer to an older request can overwrite or clear the cookie a newer one set. A tab
 *   that got the lock after another refreshed uses the token that one shared.
 * - A refresh refused with REFRESH_TOKEN_* or SESSION_* (revoked elsewhere, expired, reused)
 *   signs this tab and every tab on that session out; so does `signOut()`. Other failures
 *   (the network, TOO_MANY_REQUESTS) are thrown and leave the session as it is; after
 *   TOO_MANY_REQUESTS no refresh is sent again before `retryAfter`.
 */

export type SessionState =
  | { status: "starting" }
  | { status: "signed-in"; user: SessionUser }
  /** `reason`: why it ended (a refusal reason, "SIGNED_OUT"), or null when there was none. */
  | { status: "signed-out"; reason: string | null };

/** What ended a session on the server that this tab learns of from the answer of its own request. */
export type ServerEnding = "PASSWORD_RESET" | "ACCOUNT_DELETED";

export interface SessionOptions {
  api: AuthApi;
  tabs: TabSync;
  /** Refresh ahead when fewer seconds than this remain (default 30). */
  refreshMargin?: number;
  now?: () => number;
}

/** Refusals after which no refresh can help: the user signs in again. */
export const SESSION_ENDINGS: readonly string[] = ["REFRESH_TOKEN_INVALID", "REFRESH_TOKEN_REUSED", "SESSION_EXPIRED", "SESSION_REVOKED"];

/** A token whose life the answer does not say (never from this API) is treated as a minute's. */
const FALLBACK_LIFETIME_MS = 60_000;

export function createSession({ api, tabs, refreshMargin = 30, now = Date.now }: SessionOptions) {
  let state: SessionState = { status: "starting" };
  const listeners = new Set<() => void>();
  let accessToken: string | null = null;
  // When the access token expires, by this device's clock.
  let deadline = 0;
  // How early to refresh: refreshMargin, or a third of a short-lived token's life.
  let margin = refreshMargin * 1000;
  let refreshing: Promise<string | null> | null = null;
  // After TOO_MANY_REQUESTS: no refresh before this time; its error is thrown instead.
  let throttled: { until: number; error: unknown } | null = null;
  // Bumped whenever this tab's session is replaced or ends: answers to older requests are dropped.
  let generation = 0;
  // The logout in flight: a sign-in waits for it (needed where there are no Web Locks).
  let signingOut: Promise<void> | null = null;
  // Sessions known to have ended: a tab that refreshed just before hearing of it may still share their tokens.
  const ended = new Set<string>();

  function setState(next: SessionState) {
    state = next;
    for (const listener of listeners) listener();
  }

  function adopt(pair: TokenPair, expires: number | null): string {
    const lifetime = Number.isFinite(pair.expiresIn) && pair.expiresIn > 0 ? pair.expiresIn * 1000 : FALLBACK_LIFETIME_MS;
    accessToken = pair.accessToken;
    deadline = expires ?? now() + lifetime;
    margin = Math.min(refreshMargin * 1000, lifetime / 3);
    if (expires === null) tabs.post({ type: "tokens", pair, deadline });
    if (state.status !== "signed-in" || !sameUser(state.user, pair.user)) setState({ status: "signed-in", user: pair.user });
    return pair.accessToken;
  }

  function drop() {
    const sessionId = sessionIdOf(accessToken);
    if (sessionId) ended.add(sessionId);
    generation++;
    refreshing = null; // a refresh in flight belongs to what ends here: its answer is dropped
    accessToken = null;
    deadline = 0;
  }

  /** Ends the session here; `tell`: and in the other tabs, if this one was signed in. */
  function end(reason: string | null, tell: boolean): null {
    const wasSignedIn = state.status === "signed-in";
    const sessionId = sessionIdOf(accessToken);
    drop();
    setState({ status: "signed-out", reason });
    if (tell && wasSignedIn && reason) tabs.post({ type: "signed-out", reason, sessionId });
    return null;
  }

  const fresh = () => accessToken !== null && deadline - now() > margin;

  function refresh(): Promise<string | null> {
    if (refreshing) return refreshing;
    if (throttled && now() < throttled.until) return Promise.reject(throttled.error);
    const started = generation;
    const held = accessToken;
    const settled = tabs
      .withLock(async () => {
        if (started !== generation) return accessToken; // signed in or out meanwhile
        if (accessToken !== held && fresh()) return accessToken; // another tab refreshed and shared
        try {
          const pair = await api.refresh();
          throttled = null;
          return started === generation ? adopt(pair, null) : accessToken;
        } catch (error) {
          // Signed in or out meanwhile, here or (a shared token of another session) in another tab.
          if (started !== generation || sessionIdOf(accessToken) !== sessionIdOf(held)) return accessToken;
          if (error instanceof AuthApiError && error.reason && SESSION_ENDINGS.includes(error.reason)) {
            // At start, REFRESH_TOKEN_INVALID only says there was no session (no cookie) to resume.
            const quiet = state.status === "starting" && error.reason === "REFRESH_TOKEN_INVALID";
            return end(quiet ? null : error.reason, true);
          }
          const retryAfter = error instanceof AuthApiError ? error.errors[0]?.retryAfter : undefined;
          if (retryAfter !== undefined) throttled = { until: now() + retryAfter * 1000, error };
          throw error;
        }
      })
      .finally(() => {
        if (refreshing === settled) refreshing = null;
      });
    refreshing = settled;
    return settled;
  }

  function receive(message: TabMessage) {
    if (message.type === "tokens") {
      const sessionId = sessionIdOf(message.pair.accessToken);
      if (!signingOut && !(sessionId && ended.has(sessionId))) adopt(message.pair, message.deadline);
      return;
    }
    if (message.sessionId) ended.add(message.sessionId);
    // Only the session that ended: this tab may already hold a newer one (signed in since).
    const current = sessionIdOf(accessToken);
    if (state.status === "signed-in" && (message.sessionId === null || message.sessionId === current)) end(message.reason, false);
  }
  const unsubscribe = tabs.subscribe(receive);

  /** Opens a session (sign-in, register, changePassword) under the lock, here and in every tab. */
  async function begin(open: () => Promise<TokenPair>): Promise<void> {
    await signingOut;
    const pair = await tabs.withLock(open);
    drop(); // older answers in flight are dropped
    adopt(pair, null);
  }

  async function getAccessToken(): Promise<string | null> {
    if (refreshing) return refreshing;
    if (state.status !== "signed-in" || fresh()) return accessToken;
    return refresh();
  }

  async function refreshAfterRefusal(sent: string | null): Promise<string | null> {
    if (refreshing) return refreshing;
    if (state.status !== "signed-in") return null;
    if (accessToken !== null && accessToken !== sent) return accessToken;
    return refresh();
  }

  /** Runs `work` with the access token, once more with a new one if the API refuses it (401). */
  async function withToken<T>(work: (token: string) => Promise<T>): Promise<T> {
    const token = await getAccessToken();
    if (token === null) throw notSignedIn();
    try {
      return await work(token);
    } catch (error) {
      if (!(error instanceof AuthApiError && error.status === 401)) throw error;
      const retry = await refreshAfterRefusal(token);
      if (retry === null) throw error;
      return work(retry);
    }
  }

  /** Ends the session here and in every tab with `reason`, then on the server (which clears the cookie). */
  function leave(reason: string): Promise<void> {
    if (state.status !== "signed-in") return signingOut ?? Promise.resolve();
    const inFlight = refreshing;
    end(reason, true);
    // The lock is asked for at once: the logout follows any refresh already holding it (so it
    // presents the newest cookie) and precedes any sign-in after it (so its cleared cookie
    // cannot clear theirs). Without Web Locks, it at least waits for this tab's refresh.
    const done = (signingOut = tabs
      .withLock(async () => {
        await inFlight?.catch(() => null);
        await api.signOut().catch(() => undefined); // already over: fine
      })
      .finally(() => {
        if (signingOut === done) signingOut = null;
      }));
    return done;
  }

  // Plain closures, no `this`: `onClick={session.signOut}` works.
  return {
    getState: (): SessionState => state,

    /** For React's useSyncExternalStore. */
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** On load: signed in when the refresh cookie still opens a session. */
    async start(): Promise<void> {
      try {
        await refresh();
      } catch (error) {
        // The server could not say (offline, throttled): signed out until the user tries again.
        if (state.status === "starting") setState({ status: "signed-out", reason: error instanceof AuthApiError ? (error.reason ?? null) : null });
        throw error;
      }
    },

    signIn: (username: string, password: string): Promise<void> => begin(() => api.signIn(username, password)),

    register: (fields: RegisterFields): Promise<void> => begin(() => api.register(fields)),

    /** The token to send now (refreshed first when about to expire); null when signed out. */
    getAccessToken,

    /**
     * The API refused `sent` (HTTP 401): refresh, unless another request already replaced
     * that token. Resolves the token to retry with, or null when the session is over.
     */
    refreshAfterRefusal,

    /** Ends the session on the server (the cookie is cleared), here and in every tab. */
    signOut: (): Promise<void> => leave("SIGNED_OUT"),

    /**
     * The server ended this session already (the account was deleted, its password reset):
     * ends it here and in every tab with `reason`. The logout that follows only clears the
     * cookie; its refusal (the session is gone) changes nothing.
     */
    endedByServer: (reason: ServerEnding): Promise<void> => leave(reason),

    /** Ends every session of the user (every device), then here and in every tab. */
    async signOutEverywhere(): Promise<void> {
      await withToken((token) => api.signOutEverywhere(token));
      await leave("SIGNED_OUT");
    },

    /** Ends every other session; this device goes on with the new pair the API returns. */
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      // withToken's retry refreshes outside the lock that begin() holds only for the call itself.
      await withToken((token) => begin(() => api.changePassword(token, currentPassword, newPassword)));
    },

    dispose() {
      unsubscribe();
      tabs.close();
      listeners.clear();
    },
  };
}

export type Session = ReturnType<typeof createSession>;

function notSignedIn(): AuthApiError {
  return new AuthApiError([{ message: "You must be signed in", code: "UNAUTHENTICATED", reason: "NO_TOKEN" }], 200);
}

function sameUser(a: SessionUser, b: SessionUser): boolean {
  return a.id === b.id && a.username === b.username && a.name === b.name && a.role === b.role;
}
