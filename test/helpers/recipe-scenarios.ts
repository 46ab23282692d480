import { afterAll, beforeAll, describe, expect, it, vi, type Mock } from "vitest";
import { createAuthApi, type Transport } from "../../examples/clients/auth-api.js";
import { createSession, type Session } from "../../examples/clients/session.js";
import { createBrowserFetch, type BrowserFetch } from "./browser-fetch.js";
import { PASSWORD, registerUser, type Registered } from "./factories.js";
import { gql } from "./gql.js";
import { createRecordingFetch, type RecordingFetch } from "./recording-fetch.js";
import { createTestApp, TestClock, type TestApp } from "./test-app.js";

/**
 * The journey every client recipe (examples/clients) must survive, over real HTTP, with the
 * BODY transport (Node, mobile) and the COOKIE transport (a browser, emulated by
 * browser-fetch): sign in, access-token expiry and a transparent refresh, two requests at
 * once on an expired token, a proactive refresh from expiresAt, revocation from another
 * device and the sign-out that follows; and a first launch with nothing to resume.
 *
 * The server's clock starts at the real time (the libraries compare expiresAt with it) and
 * is moved by hand: an access token lives ACCESS_TOKEN_TTL, 15 minutes.
 */

export const REFRESH_COOKIE = "__Host-refresh_token";
export const ME = "query Me { me { id username } }";
export const CART = "query Cart { cart { itemCount } }";
/** Public: answered with or without a session. */
export const PRODUCTS = "query Products { products(first: 1) { totalCount } }";

/** What a recipe's client answered: its data, and the reason of each error. */
export interface Answer {
  data: Record<string, any> | null | undefined;
  reasons: string[];
}

/** A recipe under test: builds its client around a session, and runs a query through it. */
export type RecipeClient = (options: {
  url: string;
  session: Session;
  fetch: typeof fetch;
}) => { query(source: string): Promise<Answer> };

export interface Signed {
  session: Session;
  query(source: string): Promise<Answer>;
  recorder: RecordingFetch;
  browser: BrowserFetch | undefined;
  signedOut: Mock<(reason: string) => void>;
  /** The session registration opened: "another device" of the same user. */
  elsewhere: Registered;
}

export const pageOrigin = (app: TestApp) => new URL(app.url).origin;

/** A user signed in through a recipe's client: the session's own requests are recorded too. */
export async function signInWith(
  app: TestApp,
  makeClient: RecipeClient,
  transport: Transport,
  { now }: { now?: () => number } = {},
): Promise<Signed> {
  const recorder = createRecordingFetch();
  const browser = transport === "COOKIE" ? createBrowserFetch({ origin: pageOrigin(app), fetch: recorder.fetch }) : undefined;
  const send = browser?.fetch ?? recorder.fetch;
  const signedOut = vi.fn<(reason: string) => void>();
  const session = createSession({ api: createAuthApi({ url: app.url, transport, fetch: send }), onSignedOut: signedOut, now });
  const client = makeClient({ url: app.url, session, fetch: send });
  const elsewhere = await registerUser(app);
  await session.signIn(elsewhere.user.username, PASSWORD);
  return { session, query: (source) => client.query(source), recorder, browser, signedOut, elsewhere };
}

/** Registers the journey for one recipe, on a test app of its own. */
export function describeRecipe(name: string, makeClient: RecipeClient, more?: (app: () => TestApp) => void): void {
  describe(name, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await createTestApp({}, { clock: new TestClock(Date.now()) });
    });
    afterAll(() => app.stop());

    describe.each(["BODY", "COOKIE"] as const)("with the %s transport", (transport) => {
      it("refreshes once, transparently, when the access token has expired", async () => {
        const user = await signInWith(app, makeClient, transport);
        expect((await user.query(ME)).data?.me.username).toBe(user.elsewhere.user.username);

        app.clock.advance(16 * 60);
        const answer = await user.query(ME);
        expect(answer).toEqual({ data: { me: expect.objectContaining({ username: user.elsewhere.user.username }) }, reasons: [] });
        // The server refused the expired token once, the recipe refreshed once and retried.
        expect(user.recorder.of("me").map((e) => e.reasons)).toEqual([[], ["TOKEN_EXPIRED"], []]);
        expect(user.recorder.of("refreshToken")).toHaveLength(1);
        expect(user.signedOut).not.toHaveBeenCalled();
        expectTransport(user, transport);
      });

      it("shares one refresh between two requests that meet an expired token at once", async () => {
        const user = await signInWith(app, makeClient, transport);
        app.clock.advance(16 * 60);
        const [me, cart] = await Promise.all([user.query(ME), user.query(CART)]);
        expect(me.data?.me.username).toBe(user.elsewhere.user.username);
        expect(cart.data?.cart.itemCount).toBe(0);
        expect([...user.recorder.of("me"), ...user.recorder.of("cart")].filter((e) => e.status === 401)).toHaveLength(2);
        expect(user.recorder.of("refreshToken").map((e) => e.status)).toEqual([200]);
        // The session lives on: more requests, no more refreshes.
        expect((await user.query(CART)).reasons).toEqual([]);
        expect(user.recorder.of("refreshToken")).toHaveLength(1);
        expect(user.signedOut).not.toHaveBeenCalled();
      });

      it("refreshes ahead of expiry, judged from expiresAt, before the server refuses anything", async () => {
        // This client shares the server's clock: it sees 10 s left, under its 30 s margin.
        const user = await signInWith(app, makeClient, transport, { now: () => app.clock.now().getTime() });
        app.clock.advance(15 * 60 - 10);
        expect((await user.query(ME)).reasons).toEqual([]);
        expect(user.recorder.of("refreshToken")).toHaveLength(1);
        expect(user.recorder.exchanges.filter((e) => e.status === 401)).toEqual([]);
      });

      it("signs out, with the reason, when another device revokes the session", async () => {
        const user = await signInWith(app, makeClient, transport);
        await revokeFromElsewhere(app, user);

        const answer = await user.query(ME);
        expect(answer.data?.me ?? null).toBeNull();
        expect(answer.reasons.length).toBeGreaterThan(0);
        expect(answer.reasons.every((r) => r === "TOKEN_REVOKED" || r === "NO_TOKEN")).toBe(true);
        expect(user.recorder.of("refreshToken").map((e) => e.reasons)).toEqual([["SESSION_REVOKED"]]);
        expect(user.signedOut.mock.calls).toEqual([["SESSION_REVOKED"]]);
        expect(user.session.currentToken()).toBeNull();
        if (transport === "COOKIE") expect(user.browser!.cookie(REFRESH_COOKIE)).toBeUndefined(); // cleared on the refusal

        // Signed out now: anonymous requests, no further refresh attempts.
        expect((await user.query(ME)).reasons).toEqual(["NO_TOKEN"]);
        expect(user.recorder.of("refreshToken")).toHaveLength(1);
        expect(user.signedOut).toHaveBeenCalledTimes(1);
      });

      it("refreshes once and signs out once when two requests meet a revoked session at once", async () => {
        const user = await signInWith(app, makeClient, transport);
        await revokeFromElsewhere(app, user);

        const answers = await Promise.all([user.query(ME), user.query(CART)]);
        for (const answer of answers) {
          expect(answer.data ?? null).toBeNull();
          expect(answer.reasons.length).toBeGreaterThan(0);
          expect(answer.reasons.every((r) => r === "TOKEN_REVOKED" || r === "NO_TOKEN")).toBe(true);
        }
        expect(user.recorder.of("refreshToken").map((e) => e.reasons)).toEqual([["SESSION_REVOKED"]]);
        expect(user.signedOut.mock.calls).toEqual([["SESSION_REVOKED"]]);
        expect(user.session.currentToken()).toBeNull();
      });
    });

    it("starts signed out on a first launch with the BODY transport and no kept refresh token: nothing to refresh, public queries answered", async () => {
      const recorder = createRecordingFetch();
      const signedOut = vi.fn<(reason: string) => void>();
      const session = createSession({ api: createAuthApi({ url: app.url, transport: "BODY", fetch: recorder.fetch }), onSignedOut: signedOut });
      const client = makeClient({ url: app.url, session, fetch: recorder.fetch });

      expect(await session.resume()).toBe(false);
      expect(signedOut.mock.calls).toEqual([["REFRESH_TOKEN_INVALID"]]);
      expect(recorder.of("refreshToken")).toEqual([]); // no token: nothing to ask the server
      // Anonymous from here on: a public query is answered, a protected one says NO_TOKEN.
      const products = await client.query(PRODUCTS);
      expect([typeof products.data?.products.totalCount, products.reasons]).toEqual(["number", []]);
      expect((await client.query(ME)).reasons).toEqual(["NO_TOKEN"]);
      expect(recorder.of("refreshToken")).toEqual([]);
      expect(signedOut).toHaveBeenCalledTimes(1);
    });

    more?.(() => app);
  });
}

/** The user's other device (the session registration opened) revokes the session `user` signed in on. */
export async function revokeFromElsewhere(app: TestApp, user: Signed): Promise<void> {
  const token = user.elsewhere.accessToken;
  const sessions = await gql(app.url, "{ sessions { id current } }", {}, { token });
  const ours = (sessions.body.data?.sessions as { id: string; current: boolean }[]).find((s) => !s.current)!;
  expect((await gql(app.url, "mutation($id: ID!) { revokeSession(id: $id) }", { id: ours.id }, { token })).body.data).toEqual({
    revokeSession: true,
  });
}

/** The refresh token went where the transport says, and nowhere else. */
export function expectTransport(user: Signed, transport: Transport): void {
  const pairs = [...user.recorder.of("login"), ...user.recorder.of("refreshToken")].map(
    (e) => (e.body?.data?.login ?? e.body?.data?.refreshToken) as { refreshToken: string | null },
  );
  expect(pairs.length).toBeGreaterThan(1);
  if (transport === "BODY") {
    expect(pairs.every((p) => typeof p.refreshToken === "string" && p.refreshToken.length >= 43)).toBe(true);
    expect(user.recorder.of("refreshToken").every((e) => typeof e.variables.refreshToken === "string")).toBe(true);
    return;
  }
  expect(pairs.every((p) => p.refreshToken === null)).toBe(true);
  expect(user.recorder.of("refreshToken").every((e) => e.variables.refreshToken === undefined)).toBe(true);
  const cookie = user.browser!.cookie(REFRESH_COOKIE);
  expect(cookie).toMatchObject({ path: "/", secure: true, httpOnly: true, sameSite: "strict" });
}
