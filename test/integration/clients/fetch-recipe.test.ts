import { expect, it, vi } from "vitest";
import { AuthApiError, createAuthApi } from "../../../examples/clients/auth-api.js";
import { createGraphQLFetch } from "../../../examples/clients/fetch.js";
import { createSession } from "../../../examples/clients/session.js";
import { createBrowserFetch } from "../../helpers/browser-fetch.js";
import { PASSWORD, registerUser } from "../../helpers/factories.js";
import { gql } from "../../helpers/gql.js";
import { createRecordingFetch, withSlowAnswers } from "../../helpers/recording-fetch.js";
import { ME, REFRESH_COOKIE, describeRecipe, pageOrigin, signInWith, type RecipeClient } from "../../helpers/recipe-scenarios.js";
import { createTestApp, TestClock } from "../../helpers/test-app.js";

/** examples/clients/fetch.ts (and session.ts under it), driven over real HTTP. */

const fetchRecipe: RecipeClient = ({ url, session, fetch }) => {
  const graphql = createGraphQLFetch({ url, session, fetch });
  return {
    async query(source) {
      const { data, errors } = await graphql<Record<string, any>>(source);
      return { data, reasons: (errors ?? []).map((e) => String(e.extensions?.reason)) };
    },
  };
};

describeRecipe("the fetch recipe (examples/clients/fetch.ts)", fetchRecipe, (app) => {
  it("resumes a cookie session after a page reload from the cookie alone, and reports none without one", async () => {
    const user = await signInWith(app(), fetchRecipe, "COOKIE");
    // A reload: the page's memory (the access token) is gone, the browser's cookie jar is not.
    const onSignedOut = vi.fn();
    const reloaded = createSession({ api: createAuthApi({ url: app().url, transport: "COOKIE", fetch: user.browser!.fetch }), onSignedOut });
    expect(reloaded.currentToken()).toBeNull();
    expect(await reloaded.resume()).toBe(true);
    const graphql = createGraphQLFetch({ url: app().url, session: reloaded, fetch: user.browser!.fetch });
    expect((await graphql<{ me: { username: string } }>(ME)).data?.me.username).toBe(user.elsewhere.user.username);

    // Another browser, no cookie: nothing to resume.
    const stranger = createBrowserFetch({ origin: pageOrigin(app()) });
    const fresh = createSession({ api: createAuthApi({ url: app().url, transport: "COOKIE", fetch: stranger.fetch }), onSignedOut });
    expect(await fresh.resume()).toBe(false);
    expect(onSignedOut.mock.calls).toEqual([["REFRESH_TOKEN_INVALID"]]);
  });

  it("hands a body session's refresh tokens to the app to keep, and resumes from the one kept", async () => {
    const { user } = await registerUser(app());
    const kept: (string | null)[] = [];
    const recorder = createRecordingFetch();
    const api = createAuthApi({ url: app().url, transport: "BODY", fetch: recorder.fetch });
    const session = createSession({ api, onRefreshToken: (token) => kept.push(token) });
    const graphql = createGraphQLFetch({ url: app().url, session, fetch: recorder.fetch });
    await session.signIn(user.username, PASSWORD);
    app().clock.advance(16 * 60);
    expect((await graphql(ME)).errors).toBeUndefined();
    expect(kept).toHaveLength(2);
    expect(kept[1]).not.toBe(kept[0]); // rotated
    expect(recorder.of("refreshToken")[0]?.variables).toEqual({ refreshToken: kept[0] });

    // The next start of the app: only the kept refresh token survived.
    const onSignedOut = vi.fn();
    const restarted = createSession({ api, refreshToken: kept[1], onRefreshToken: (token) => kept.push(token), onSignedOut });
    expect(await restarted.resume()).toBe(true);
    await restarted.signOut();
    expect(kept.at(-1)).toBeNull();
    expect(onSignedOut.mock.calls).toEqual([["SIGNED_OUT"]]);
  });

  it("signs out on request: the server ends the session, the cookie is cleared, the old token stops working", async () => {
    const user = await signInWith(app(), fetchRecipe, "COOKIE");
    const token = user.session.currentToken()!;
    expect(user.browser!.cookie(REFRESH_COOKIE)).toBeDefined();
    await user.session.signOut();
    expect(user.recorder.of("logout").map((e) => e.body?.data)).toEqual([{ logout: true }]);
    expect(user.browser!.cookie(REFRESH_COOKIE)).toBeUndefined();
    expect(user.signedOut.mock.calls).toEqual([["SIGNED_OUT"]]);
    const stale = await gql(app().url, ME, {}, { token });
    expect([stale.status, stale.body.errors?.[0]?.extensions?.reason]).toEqual([401, "TOKEN_REVOKED"]);
  });

  it.each(["BODY", "COOKIE"] as const)(
    "signs out for good when asked while a refresh is out (%s): its late answer neither brings the session back nor leaves a token",
    async (transport) => {
      const { user } = await registerUser(app());
      const recorder = createRecordingFetch();
      // The refresh's answer (and, in a browser, its Set-Cookie) arrives 300 ms after the
      // server sent it: the sign-out comes in between.
      const network = withSlowAnswers(recorder.fetch, "refreshToken", 300);
      const browser = transport === "COOKIE" ? createBrowserFetch({ origin: pageOrigin(app()), fetch: network }) : undefined;
      const kept: (string | null)[] = [];
      const onSignedOut = vi.fn();
      const session = createSession({
        api: createAuthApi({ url: app().url, transport, fetch: browser?.fetch ?? network }),
        onSignedOut,
        onRefreshToken: (token) => kept.push(token),
        now: () => app().clock.now().getTime(),
      });
      await session.signIn(user.username, PASSWORD);
      app().clock.advance(16 * 60);

      const waiting = session.getAccessToken(); // expired: the refresh goes out
      await session.signOut();
      expect(await waiting).toBeNull(); // whoever waited for that refresh learns the session is over

      expect(onSignedOut.mock.calls).toEqual([["SIGNED_OUT"]]);
      expect(session.currentToken()).toBeNull();
      expect(session.needsRefresh()).toBe(false);
      expect(await session.getAccessToken()).toBeNull();
      expect(recorder.of("refreshToken")).toHaveLength(1);
      expect(recorder.of("logout").map((e) => e.body?.data)).toEqual([{ logout: true }]);
      if (transport === "BODY") {
        // The app heard of no new token, and null last: it keeps nothing.
        expect(kept).toEqual([recorder.of("login")[0]!.body?.data?.login.refreshToken, null]);
      } else {
        expect(browser!.cookie(REFRESH_COOKIE)).toBeUndefined(); // the refresh's new cookie was cleared too
      }
      // What the late refresh issued belongs to the session that ended.
      const issued = recorder.of("refreshToken")[0]!.body?.data?.refreshToken as { accessToken: string; refreshToken: string | null };
      const stale = await gql(app().url, ME, {}, { token: issued.accessToken });
      expect([stale.status, stale.body.errors?.[0]?.extensions?.reason]).toEqual([401, "TOKEN_REVOKED"]);
      if (transport === "BODY") {
        const again = await gql(app().url, "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }", { t: issued.refreshToken });
        expect(again.body.errors?.[0]?.extensions?.reason).toBe("SESSION_REVOKED");
      }
    },
  );

  it("refuses a cookie refresh from another origin of the site (CROSS_SITE_REQUEST) and keeps the session", async () => {
    const { user } = await registerUser(app());
    const browser = createBrowserFetch({ origin: "http://127.0.0.1:1" }); // same site, not the API's origin
    const onSignedOut = vi.fn();
    const api = createAuthApi({ url: app().url, transport: "COOKIE", fetch: browser.fetch, credentials: "include" });
    const session = createSession({ api, onSignedOut });
    await session.signIn(user.username, PASSWORD); // login reads no cookie: answered
    const token = session.currentToken();
    expect(browser.cookie(REFRESH_COOKIE)).toBeDefined();

    const refused = await session.resume().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthApiError);
    expect(refused).toMatchObject({ code: "FORBIDDEN", reason: "CROSS_SITE_REQUEST" });
    // "Fix the request", not "sign in again": nothing was dropped.
    expect(onSignedOut).not.toHaveBeenCalled();
    expect(session.currentToken()).toBe(token);
    expect(browser.cookie(REFRESH_COOKIE)).toBeDefined();
  });
});

it("lets a web app on an origin listed in CORS_ORIGINS use the cookie transport with credentials: include", async () => {
  const webApp = "http://127.0.0.1:5173";
  const app = await createTestApp({ CORS_ORIGINS: webApp }, { clock: new TestClock(Date.now()) });
  try {
    const { user } = await registerUser(app);
    const browser = createBrowserFetch({ origin: webApp });
    const onSignedOut = vi.fn();
    const api = createAuthApi({ url: app.url, transport: "COOKIE", fetch: browser.fetch, credentials: "include" });
    const session = createSession({ api, onSignedOut });
    const graphql = createGraphQLFetch({ url: app.url, session, fetch: browser.fetch, credentials: "include" });
    await session.signIn(user.username, PASSWORD);
    app.clock.advance(16 * 60);
    const answer = await graphql<{ me: { username: string } }>(ME);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.me.username).toBe(user.username);
    expect(onSignedOut).not.toHaveBeenCalled();
  } finally {
    await app.stop();
  }
});
