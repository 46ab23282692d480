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
 *   With none (a first launch), `resume()` sends nothing: false, and onSignedOut with
 *   REFRESH_TOKEN_INVALID, as when the server refuses a token.
 * - `signOut()` wins over a refresh in flight: it waits for its answer and ends what that
 *   issued; the answer itself is dropped, so the session does not come back.
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
  // The API's answer to that refresh: signOut waits for it, and logs out what it issued.
  let answering: Promise<TokenPair> | null = null;
  // Bumped when the session ends: a refresh answered later belongs to a session that is over.
  let generation = 0;

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

  /** Forgets the access token; a refresh in flight will be dropped. Whether a session was on. */
  function drop(): boolean {
    const wasActive = active;
    generation++;
    accessToken = null;
    expiresAt = 0;
    active = false;
    return wasActive;
  }

  /** Tells the app: no refresh token to keep (BODY), and onSignedOut if a session was on. */
  function close(reason: string, wasActive: boolean): null {
    if (refreshToken !== null) {
      refreshToken = null;
      onRefreshToken?.(null);
    }
    if (wasActive) onSignedOut?.(reason);
    return null;
  }

  const end = (reason: string): null => close(reason, drop());

  /** The single refresh in flight, started if there is none. Resolves null when it ended the session. */
  function refresh(): Promise<string | null> {
    if (refreshing) return refreshing;
    // BODY: without a refresh token there is nothing to present, and no session.
    if (api.transport === "BODY" && refreshToken === null) return Promise.resolve(end("REFRESH_TOKEN_INVALID"));
    const started = generation;
    const answer = (answering = api.refresh(refreshToken));
    const settled = answer
      .then(
        // Answered after the session ended (signOut): dropped, what the session holds now stands.
        (pair) => (started === generation ? useTokens(pair) : accessToken),
        (error: unknown) => {
          if (started !== generation) return accessToken;
          if (error instanceof AuthApiError && endsSession(error.reason)) return end(error.reason);
          throw error;
        },
      )
      .finally(() => {
        if (refreshing === settled) refreshing = answering = null;
      });
    refreshing = settled;
    return settled;
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
      const inFlight = answering;
      const wasActive = drop(); // from here on nothing is sent with a token, nothing refreshes
      if (wasActive) {
        // A refresh in flight rotates the tokens: log out with what it issued (BODY), and only
        // once its answer is in (COOKIE), so the logout's cleared cookie is the browser's last.
        const issued = await inFlight?.catch(() => null);
        await api.logout(issued?.refreshToken ?? refreshToken).catch(() => undefined); // already over: fine
      }
      close("SIGNED_OUT", wasActive);
    },
  };
}

export type Session = ReturnType<typeof createSession>;
