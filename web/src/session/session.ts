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
 *   refreshed before it is used, judged from the server's `expiresAt`; a request refused anyway (TOKEN_EXPIRED, a clock
 *   far off) asks `refreshAfterRefusal`, and is sent once more with the new token.
 * - One refresh at a time, in this tab (callers share the promise) and across tabs (the
 *   lock of tab-sync.ts); a tab that got the lock after another refreshed uses the token
 *   that one shared instead of refreshing again.
 * - A refresh refused with REFRESH_TOKEN_* or SESSION_* (revoked elsewhere, expired, reused)
 *   signs this tab and every other out; so does `signOut()`. Other failures (the network,
 *   TOO_MANY_REQUESTS) are thrown and leave the session as it is.
 */

export type SessionState =
  | { status: "starting" }
  | { status: "signed-in"; user: SessionUser }
  /** `reason`: why it ended (a refusal reason, "SIGNED_OUT"), or null when there was none. */
  | { status: "signed-out"; reason: string | null };

export interface SessionOptions {
  api: AuthApi;
  tabs: TabSync;
  /** Refresh ahead when fewer seconds than this remain (default 30). */
  refreshMargin?: number;
  now?: () => number;
}

/** Refusals after which no refresh can help: the user signs in again. */
export const SESSION_ENDINGS: readonly string[] = ["REFRESH_TOKEN_INVALID", "REFRESH_TOKEN_REUSED", "SESSION_EXPIRED", "SESSION_REVOKED"];

export function createSession({ api, tabs, refreshMargin = 30, now = Date.now }: SessionOptions) {
  let state: SessionState = { status: "starting" };
  const listeners = new Set<() => void>();
  let accessToken: string | null = null;
  let expiresAt = 0;
  // How early to refresh: refreshMargin, or a third of a short-lived token's life.
  let margin = refreshMargin * 1000;
  let refreshing: Promise<string | null> | null = null;
  // Bumped whenever this tab's session is replaced or ends: answers to older requests are dropped.
  let generation = 0;
  // The logout in flight: a sign-in waits for it, so its cleared cookie cannot clear the new one.
  let signingOut: Promise<void> | null = null;
  // Sessions known to have ended: a tab that refreshed just before hearing of it may still share their tokens.
  const ended = new Set<string>();

  function setState(next: SessionState) {
    state = next;
    for (const listener of listeners) listener();
  }

  function adopt(pair: TokenPair, share: boolean): string {
    accessToken = pair.accessToken;
    expiresAt = Date.parse(pair.expiresAt);
    margin = Math.min(refreshMargin * 1000, Math.max(0, expiresAt - now()) / 3);
    if (share) tabs.post({ type: "tokens", pair });
    if (state.status !== "signed-in" || !sameUser(state.user, pair.user)) setState({ status: "signed-in", user: pair.user });
    return pair.accessToken;
  }

  function drop() {
    const sessionId = sessionIdOf(accessToken);
    if (sessionId) ended.add(sessionId);
    generation++;
    refreshing = null; // a refresh in flight belongs to what ends here: its answer is dropped
    accessToken = null;
    expiresAt = 0;
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

  const fresh = () => accessToken !== null && expiresAt - now() > margin;

  function refresh(): Promise<string | null> {
    if (refreshing) return refreshing;
    const started = generation;
    const held = accessToken;
    const settled = tabs
      .withLock(async () => {
        if (started !== generation) return accessToken; // signed in or out meanwhile
        if (accessToken !== held && fresh()) return accessToken; // another tab refreshed and shared
        try {
          const pair = await api.refresh();
          return started === generation ? adopt(pair, true) : accessToken;
        } catch (error) {
          if (started !== generation) return accessToken;
          if (error instanceof AuthApiError && error.reason && SESSION_ENDINGS.includes(error.reason)) {
            // At start, REFRESH_TOKEN_INVALID only says there was no session (no cookie) to resume.
            const quiet = state.status === "starting" && error.reason === "REFRESH_TOKEN_INVALID";
            return end(quiet ? null : error.reason, true);
          }
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
      if (!signingOut && !(sessionId && ended.has(sessionId))) adopt(message.pair, false);
      return;
    }
    if (message.sessionId) ended.add(message.sessionId);
    if (state.status !== "signed-out") end(message.reason, false);
  }
  const unsubscribe = tabs.subscribe(receive);

  /** Starts a new session here (and in every tab): older answers in flight are dropped. */
  function begin(pair: TokenPair) {
    drop();
    adopt(pair, true);
  }

  async function getAccessToken(): Promise<string | null> {
    if (refreshing) return refreshing;
    if (state.status !== "signed-in" || fresh()) return accessToken;
    return refresh();
  }

  /** Ends the session on the server (the cookie is cleared), here and in every tab. */
  function signOut(): Promise<void> {
    if (state.status !== "signed-in") return signingOut ?? Promise.resolve();
    const inFlight = refreshing;
    end("SIGNED_OUT", true);
    // Under the lock, after any refresh in flight: the logout presents the newest cookie,
    // and its cleared cookie is the browser's last word.
    const done = (signingOut = (async () => {
      await inFlight?.catch(() => null);
      await tabs.withLock(() => api.signOut()).catch(() => undefined); // already over: fine
    })().finally(() => {
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

    async signIn(username: string, password: string): Promise<void> {
      await signingOut;
      begin(await api.signIn(username, password));
    },

    async register(fields: RegisterFields): Promise<void> {
      await signingOut;
      begin(await api.register(fields));
    },

    /** The token to send now (refreshed first when about to expire); null when signed out. */
    getAccessToken,

    /**
     * The API refused `sent` (HTTP 401): refresh, unless another request already replaced
     * that token. Resolves the token to retry with, or null when the session is over.
     */
    async refreshAfterRefusal(sent: string | null): Promise<string | null> {
      if (refreshing) return refreshing;
      if (state.status !== "signed-in") return null;
      if (accessToken !== null && accessToken !== sent) return accessToken;
      return refresh();
    },

    signOut,

    /** Ends every session of the user (every device), then here and in every tab. */
    async signOutEverywhere(): Promise<void> {
      const token = await getAccessToken();
      if (token === null) return;
      await api.signOutEverywhere(token);
      await signOut();
    },

    /** Ends every other session; this device goes on with the new pair the API returns. */
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      const token = await getAccessToken();
      if (token === null) throw new AuthApiError([{ message: "You must be signed in", code: "UNAUTHENTICATED", reason: "NO_TOKEN" }], 200);
      begin(await api.changePassword(token, currentPassword, newPassword));
    },

    dispose() {
      unsubscribe();
      tabs.close();
      listeners.clear();
    },
  };
}

export type Session = ReturnType<typeof createSession>;

function sameUser(a: SessionUser, b: SessionUser): boolean {
  return a.id === b.id && a.username === b.username && a.name === b.name && a.role === b.role;
}
