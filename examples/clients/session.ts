import { AuthApiError, type AuthApi, type TokenPair } from "./auth-api.js";
import { endsSession } from "./refusals.js";

/**
 * The one module that holds the tokens. Every recipe (fetch.ts, apollo.ts, urql.ts) asks it
 * for the access token and tells it when the API refused one; nothing else touches tokens.
 *
 *   const session = createSession({
 *     api: createAuthApi({ url: "/graphql", transport: "COOKIE" }),
 *     onSignedOut: (reason) => showSignIn(reason),   // and clear your client's cache
 *   });
 *   await session.resume();                 // at start-up: picks up a session that exists
 *   await session.signIn("ada", "correct horse battery staple");
 *   const token = await session.getAccessToken();   // null when signed out
 *
 * - The access token lives in this closure, in memory: never in localStorage, where any
 *   injected script could read it. A page reload loses it; `resume()` gets a new one.
 * - One refresh at a time: callers that need one while it runs await the same promise.
 * - Proactive: a token with less than `refreshMargin` seconds left is refreshed before it is
 *   used, judged from `expiresAt` by `now()` (a device clock far off the server's only makes
 *   that early or late: the 401 path still catches an expired token).
 * - A refresh refused with REFRESH_TOKEN_* or SESSION_* ends the session here too: the tokens
 *   are dropped and `onSignedOut(reason)` is called. Other failures (the network,
 *   TOO_MANY_REQUESTS, CROSS_SITE_REQUEST) are thrown and leave the session as it is.
 * - BODY transport: the refresh token is handed to `onRefreshToken` each time it changes
 *   (keep it in the Keychain or Keystore) and passed back as `refreshToken` on the next start.
 */

export interface SessionOptions {
  api: AuthApi;
  /** The session ended: `reason` is a refusal reason, or "SIGNED_OUT" after `signOut()`. */
  onSignedOut?: (reason: string) => void;
  /** BODY transport: the refresh token an earlier run kept. */
  refreshToken?: string | null;
  /** BODY transport: every new refresh token, and null when the session ends. */
  onRefreshToken?: (refreshToken: string | null) => void;
  /** Refresh ahead when fewer seconds than this remain (default 30). */
  refreshMargin?: number;
  /** The time in milliseconds (default Date.now). */
  now?: () => number;
}

export function createSession(options: SessionOptions) {
  const { api, onSignedOut, onRefreshToken, refreshMargin = 30, now = Date.now } = options;
  let accessToken: string | null = null;
  let expiresAt = 0;
  let refreshToken = options.refreshToken ?? null;
  // Whether a session may exist. A COOKIE session is invisible to JavaScript, so we remember.
  let active = refreshToken !== null;
  let refreshing: Promise<string | null> | null = null;

  /** Adopts a pair: from login, refresh, register or changePassword. Returns its access token. */
  function useTokens(pair: TokenPair): string {
    accessToken = pair.accessToken;
    expiresAt = Date.parse(pair.expiresAt);
    active = true;
    if (api.transport === "BODY" && pair.refreshToken !== refreshToken) {
      refreshToken = pair.refreshToken;
      onRefreshToken?.(refreshToken);
    }
    return pair.accessToken;
  }

  function end(reason: string): null {
    const wasActive = active;
    accessToken = null;
    expiresAt = 0;
    active = false;
    if (refreshToken !== null) {
      refreshToken = null;
      onRefreshToken?.(null);
    }
    if (wasActive) onSignedOut?.(reason);
    return null;
  }

  /** The single refresh in flight, started if there is none. Resolves null when it ended the session. */
  function refresh(): Promise<string | null> {
    refreshing ??= api
      .refresh(refreshToken)
      .then(useTokens, (error: unknown) => {
        if (error instanceof AuthApiError && endsSession(error.reason)) return end(error.reason);
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  const fresh = () => accessToken !== null && expiresAt - now() > refreshMargin * 1000;

  return {
    useTokens,

    async signIn(username: string, password: string): Promise<void> {
      useTokens(await api.login(username, password));
    },

    /** At start-up: one refresh. False (and onSignedOut) when there was no session to resume. */
    async resume(): Promise<boolean> {
      active = true;
      return (await refresh()) !== null;
    },

    /** The token to send now, refreshed first when it is about to expire; null: anonymous. */
    async getAccessToken(): Promise<string | null> {
      if (refreshing) return refreshing;
      if (!active || fresh()) return accessToken;
      return refresh();
    },

    /** For synchronous callers (urql's addAuthToOperation): the token as it is. */
    currentToken: (): string | null => accessToken,

    /** Whether `getAccessToken()` would refresh first (urql's willAuthError). */
    needsRefresh: (): boolean => active && (refreshing !== null || !fresh()),

    /**
     * The API refused `sent` (HTTP 401): refresh, unless someone already replaced that token
     * while this request was out. Resolves the token to retry with, or null when signed out.
     */
    async refreshAfterRefusal(sent: string | null): Promise<string | null> {
      if (refreshing) return refreshing;
      if (accessToken !== null && accessToken !== sent) return accessToken;
      if (!active) return null;
      return refresh();
    },

    /** Ends the session on the server (and, for COOKIE, clears the cookie), then here. */
    async signOut(): Promise<void> {
      if (active) await api.logout(refreshToken).catch(() => undefined); // already over: fine
      end("SIGNED_OUT");
    },
  };
}

export type Session = ReturnType<typeof createSession>;
