import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql, type ErrorLike } from "@apollo/client";
import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { from, switchMap } from "rxjs";
import { expect, it } from "vitest";
import { createApolloClient } from "../../../examples/clients/apollo.js";
import { registerUser } from "../../helpers/factories.js";
import { gql as request } from "../../helpers/gql.js";
import { createRecordingFetch, withAnswersLast } from "../../helpers/recording-fetch.js";
import { CART, ME, describeRecipe, type RecipeClient } from "../../helpers/recipe-scenarios.js";
import { expectRacingRefreshes, memoryStorage } from "../../helpers/documented-recipes.js";

/** examples/clients/apollo.ts (Apollo Client 4), and Apollo's own documented recipe. */

const reasonsOf = (error: ErrorLike | undefined) =>
  CombinedGraphQLErrors.is(error) ? error.errors.map((e) => String(e.extensions?.reason)) : error ? [error.message] : [];

const apolloRecipe: RecipeClient = ({ url, session, fetch }) => {
  const client = createApolloClient({ url, session, fetch });
  return {
    async query(source) {
      const { data, error } = await client.query<Record<string, any>>({ query: gql(source), fetchPolicy: "network-only", errorPolicy: "all" });
      return { data, reasons: reasonsOf(error) };
    },
  };
};

describeRecipe("the Apollo Client 4 recipe (examples/clients/apollo.ts)", apolloRecipe, (app) => {
  it("keeps the user signed in with Apollo's documented recipe (ErrorLink + forward), two queries racing on an expired token", async () => {
    const { accessToken, refreshToken, user } = await registerUser(app());
    const recorder = createRecordingFetch();
    // Not part of the recipe: both queries meet the expired token before a refresh is answered.
    const network = withAnswersLast(recorder.fetch, "refreshToken");
    // The app's storage, as the documentation has it (a stand-in: Node has no localStorage).
    const localStorage = memoryStorage({ token: accessToken, refreshToken });

    // Authentication, "Header" (Apollo Client 4): the token from storage on every request.
    const httpLink = new HttpLink({
      uri: app().url,
      fetch: network,
    });

    const authLink = new SetContextLink(({ headers }) => {
      const token = localStorage.getItem("token");
      return {
        headers: {
          ...headers,
          authorization: token ? `Bearer ${token}` : "",
        },
      };
    });

    // getNewToken(): the documentation leaves it to the app. Apps refresh through the same
    // client, one refresh per failed operation: the expired bearer goes along, and two
    // operations failing together present the same refresh token twice.
    const REFRESH = gql`
      mutation Refresh($refreshToken: String!) {
        refreshToken(refreshToken: $refreshToken) { accessToken refreshToken }
      }
    `;
    const getNewToken = async (): Promise<string> => {
      const { data } = await client.mutate<{ refreshToken: { accessToken: string; refreshToken: string } }>({
        mutation: REFRESH,
        variables: { refreshToken: localStorage.getItem("refreshToken") },
      });
      localStorage.setItem("token", data!.refreshToken.accessToken);
      localStorage.setItem("refreshToken", data!.refreshToken.refreshToken);
      return `Bearer ${data!.refreshToken.accessToken}`;
    };

    // Handling operation errors, "Retrying operations", with one change: getNewToken() is
    // asynchronous, so the ErrorLink returns its promise as the observable of the retry.
    const errorLink = new ErrorLink(({ error, operation, forward }) => {
      if (CombinedGraphQLErrors.is(error)) {
        for (const err of error.errors) {
          switch (err.extensions?.code) {
            // Apollo Server sets code to UNAUTHENTICATED
            // when an AuthenticationError is thrown in a resolver
            case "UNAUTHENTICATED":
              return from(getNewToken()).pipe(
                switchMap((authorization) => {
                  // Modify the operation context with a new token
                  const oldHeaders = operation.getContext().headers;
                  operation.setContext({
                    headers: {
                      ...oldHeaders,
                      authorization,
                    },
                  });
                  // Retry the request, returning the new observable
                  return forward(operation);
                }),
              );
          }
        }
      }
    });

    const client = new ApolloClient({
      link: ApolloLink.from([errorLink, authLink, httpLink]),
      cache: new InMemoryCache(),
    });

    const race = async () => {
      const [me, cart] = await Promise.all([
        client.query<Record<string, any>>({ query: gql(ME), fetchPolicy: "network-only" }),
        client.query<Record<string, any>>({ query: gql(CART), fetchPolicy: "network-only" }),
      ]);
      expect(me.data?.me.username).toBe(user.username);
      expect(cart.data?.cart.itemCount).toBe(0);
    };

    app().clock.advance(16 * 60);
    await race();
    // Each refused query refreshed on its own, both with the stored refresh token: within the
    // reuse interval both got the same new one.
    const refreshes = recorder.of("refreshToken");
    expectRacingRefreshes(refreshes, refreshToken);
    expect(refreshes.every((e) => e.token === accessToken)).toBe(true); // each carried the expired bearer

    // Still signed in: the kept refresh token is the session's current one, so the next
    // expiry is survived the same way.
    const kept = localStorage.getItem("refreshToken")!;
    expect(kept).not.toBe(refreshToken);
    app().clock.advance(16 * 60);
    await race();
    expectRacingRefreshes(recorder.of("refreshToken").slice(2), kept);
  });

  it("stops refreshing once the session has ended with the README's one-line guard in Apollo's documented recipe", async () => {
    const { accessToken, refreshToken } = await registerUser(app());
    // The session ends elsewhere (logoutAll): the stored tokens are dead.
    expect((await request(app().url, "mutation { logoutAll }", {}, { token: accessToken })).body.data).toEqual({ logoutAll: true });
    const recorder = createRecordingFetch();
    // Without the guard the recipe refreshes again for each refused refresh: cut it off at 20.
    const capped = (async (input, init) => {
      if (recorder.of("refreshToken").length >= 20) throw new Error("refresh loop");
      return recorder.fetch(input, init);
    }) as typeof fetch;
    const localStorage = memoryStorage({ token: accessToken, refreshToken });

    // Apollo's documented recipe as in the test above, plus the README's guard in the ErrorLink.
    const httpLink = new HttpLink({ uri: app().url, fetch: capped });
    const authLink = new SetContextLink(({ headers }) => {
      const token = localStorage.getItem("token");
      return { headers: { ...headers, authorization: token ? `Bearer ${token}` : "" } };
    });
    const REFRESH = gql`
      mutation Refresh($refreshToken: String!) {
        refreshToken(refreshToken: $refreshToken) { accessToken refreshToken }
      }
    `;
    const getNewToken = async (): Promise<string> => {
      const { data } = await client.mutate<{ refreshToken: { accessToken: string; refreshToken: string } }>({
        mutation: REFRESH,
        variables: { refreshToken: localStorage.getItem("refreshToken") },
      });
      localStorage.setItem("token", data!.refreshToken.accessToken);
      localStorage.setItem("refreshToken", data!.refreshToken.refreshToken);
      return `Bearer ${data!.refreshToken.accessToken}`;
    };
    const errorLink = new ErrorLink(({ error, operation, forward }) => {
      if (operation.operationName === "Refresh") return; // the guard: the refresh's own refusal is final
      if (CombinedGraphQLErrors.is(error)) {
        for (const err of error.errors) {
          switch (err.extensions?.code) {
            case "UNAUTHENTICATED":
              return from(getNewToken()).pipe(
                switchMap((authorization) => {
                  const oldHeaders = operation.getContext().headers;
                  operation.setContext({ headers: { ...oldHeaders, authorization } });
                  return forward(operation);
                }),
              );
          }
        }
      }
    });
    const client = new ApolloClient({ link: ApolloLink.from([errorLink, authLink, httpLink]), cache: new InMemoryCache() });

    const refused = await client.query({ query: gql(ME), fetchPolicy: "network-only" }).catch((error: unknown) => error);
    // One refresh, refused for good, and that refusal is what the query fails with: the app
    // sees SESSION_REVOKED and sends the user to sign in.
    expect(recorder.of("refreshToken").map((e) => e.reasons)).toEqual([["SESSION_REVOKED"]]);
    expect(reasonsOf(refused as ErrorLike)).toEqual(["SESSION_REVOKED"]);
    expect(recorder.of("me").map((e) => e.reasons)).toEqual([["TOKEN_REVOKED"]]);
  });
});
