import { Client, cacheExchange, fetchExchange, gql, type CombinedError } from "@urql/core";
import { authExchange } from "@urql/exchange-auth";
import { expect, it, vi } from "vitest";
import { createUrqlClient } from "../../../examples/clients/urql.js";
import { expectOneSuccessorPerToken, memoryStorage } from "../../helpers/documented-recipes.js";
import { registerUser } from "../../helpers/factories.js";
import { createRecordingFetch, withAnswersLast } from "../../helpers/recording-fetch.js";
import { CART, ME, describeRecipe, type RecipeClient } from "../../helpers/recipe-scenarios.js";

/** examples/clients/urql.ts (@urql/core 6 + @urql/exchange-auth 3), and urql's own documented recipe. */

const reasonsOf = (error: CombinedError | undefined) =>
  !error ? [] : error.graphQLErrors.length > 0 ? error.graphQLErrors.map((e) => String(e.extensions.reason)) : [error.message];

const urqlRecipe: RecipeClient = ({ url, session, fetch }) => {
  const client = createUrqlClient({ url, session, fetch });
  return {
    async query(source) {
      const { data, error } = await client.query<Record<string, any>>(source, {}, { requestPolicy: "network-only" }).toPromise();
      return { data, reasons: reasonsOf(error) };
    },
  };
};

describeRecipe("the urql recipe (examples/clients/urql.ts)", urqlRecipe, (app) => {
  it("sends its queries as GET, with the preflight header the API's CSRF prevention asks for", async () => {
    const recorder = createRecordingFetch();
    const { accessToken } = await registerUser(app());
    const session = { currentToken: () => accessToken, needsRefresh: () => false } as Parameters<typeof createUrqlClient>[0]["session"];
    const client = createUrqlClient({ url: app().url, session, fetch: recorder.fetch });
    const { data, error } = await client.query(ME, {}).toPromise();
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ me: { id: expect.any(String) } });
    expect(recorder.of("me").map((e) => [e.method, e.status])).toEqual([["GET", 200]]);
  });

  it("keeps the user signed in with urql's documented recipe (refreshAuth with utils.mutate), two queries racing on an expired token", async () => {
    const { accessToken, refreshToken: firstRefreshToken, user } = await registerUser(app());
    const recorder = createRecordingFetch();
    // The app's storage and log-out, as the documentation has them (stand-ins: this is Node).
    const localStorage = memoryStorage({ token: accessToken, refreshToken: firstRefreshToken });
    const logout = vi.fn();
    // The documentation's REFRESH answers `refreshLogin { token refreshToken }`: aliases map ours onto it.
    const REFRESH = gql`
      mutation Refresh($refreshToken: String!) {
        refreshLogin: refreshToken(refreshToken: $refreshToken) { token: accessToken refreshToken }
      }
    `;

    const client = new Client({
      url: app().url,
      // Not part of the recipe: both queries meet the expired token before the refresh is
      // answered; and urql sends queries as GET, which the API's CSRF prevention answers only
      // with a header like this one.
      fetch: withAnswersLast(recorder.fetch, "refreshToken"),
      fetchOptions: { headers: { "apollo-require-preflight": "true" } },
      exchanges: [
        cacheExchange,
        // From urql's "Authentication" page, as written, but for the error code: the page
        // checks 'FORBIDDEN' and says to match your API, whose code here is UNAUTHENTICATED.
        authExchange(async (utils) => {
          let token = localStorage.getItem("token");
          let refreshToken = localStorage.getItem("refreshToken");

          return {
            addAuthToOperation(operation) {
              if (!token) return operation;
              return utils.appendHeaders(operation, {
                Authorization: `Bearer ${token}`,
              });
            },
            didAuthError(error, _operation) {
              return error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
            },
            async refreshAuth() {
              const result = await utils.mutate(REFRESH, { refreshToken });

              if (result.data?.refreshLogin) {
                // Update our local variables and write to our storage
                token = result.data.refreshLogin.token;
                refreshToken = result.data.refreshLogin.refreshToken;
                localStorage.setItem("token", token);
                localStorage.setItem("refreshToken", refreshToken);
              } else {
                // This is where auth has gone wrong and we need to clean up and redirect to a login page
                localStorage.clear();
                logout();
              }
            },
          };
        }),
        fetchExchange,
      ],
    });

    const race = async () => {
      const [me, cart] = await Promise.all([
        client.query(ME, {}, { requestPolicy: "network-only" }).toPromise(),
        client.query(CART, {}, { requestPolicy: "network-only" }).toPromise(),
      ]);
      expect([me.error, cart.error]).toEqual([undefined, undefined]);
      expect(me.data?.me.username).toBe(user.username);
      expect(cart.data?.cart.itemCount).toBe(0);
    };

    app().clock.advance(16 * 60);
    await race();
    // authExchange pauses the other operations while refreshAuth runs: one refresh for both.
    const refreshes = recorder.of("refreshToken");
    expect(refreshes.map((e) => e.variables.refreshToken)).toEqual([firstRefreshToken]);
    expect(refreshes[0]?.token).toBe(accessToken); // utils.mutate sends the expired bearer along
    expectOneSuccessorPerToken(refreshes);
    expect([...recorder.of("me"), ...recorder.of("cart")].map((e) => e.status).sort()).toEqual([200, 200, 401, 401]);

    const kept = localStorage.getItem("refreshToken")!;
    app().clock.advance(16 * 60);
    await race();
    expect(recorder.of("refreshToken").map((e) => e.variables.refreshToken)).toEqual([firstRefreshToken, kept]);
    expectOneSuccessorPerToken(recorder.of("refreshToken"));
    expect(logout).not.toHaveBeenCalled();
    expect(localStorage.getItem("refreshToken")).not.toBe(firstRefreshToken);
  });
});
