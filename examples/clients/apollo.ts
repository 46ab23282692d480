import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, type ErrorLike } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { from, of, switchMap, throwError } from "rxjs";
import { refusesAccessToken } from "./refusals.js";
import type { Session } from "./session.js";

/**
 * Apollo Client 4, signed in through session.ts.
 *
 *   const url = "/graphql";
 *   const session = createSession({
 *     api: createAuthApi({ url, transport: "COOKIE" }),
 *     onSignedOut: () => void client.clearStore(),   // no cached data outlives the session
 *   });
 *   const client = createApolloClient({ url, session });
 *   await session.signIn(username, password);
 *   const { data } = await client.query({ query: ME });
 *
 * SetContextLink puts the bearer header on every operation, from the session (refreshed
 * ahead of expiry). When the API refuses it anyway, the whole request is HTTP 401 with a
 * GraphQL body: Apollo Client asks for application/graphql-response+json, so that arrives as
 * CombinedGraphQLErrors with reason TOKEN_EXPIRED, TOKEN_INVALID or TOKEN_REVOKED (a
 * ServerError with status 401 from a server that answers plain JSON). ErrorLink then waits
 * for the session's one refresh and forwards the operation once more, through SetContextLink
 * again, so it goes with the new token. The refresh itself never passes through this chain.
 */

export interface ApolloClientOptions {
  url: string;
  session: Session;
  fetch?: typeof fetch;
  credentials?: RequestInit["credentials"];
}

export function createApolloClient({ url, session, fetch, credentials = "same-origin" }: ApolloClientOptions) {
  const authLink = new SetContextLink(async (prevContext) => {
    const token = await session.getAccessToken();
    const { authorization: _previous, ...headers } = (prevContext.headers ?? {}) as Record<string, string>;
    // `sentToken` tells the ErrorLink which token the API refused.
    return { sentToken: token, headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers };
  });

  const refreshLink = new ErrorLink(({ error, result, operation, forward }) => {
    const context = operation.getContext();
    if (context.retriedAfterRefresh || !refusesToken(error)) return; // not ours: passes on as it is
    operation.setContext({ retriedAfterRefresh: true });
    return from(session.refreshAfterRefusal(context.sentToken ?? null)).pipe(
      // Signed out (onSignedOut has run): the refusal goes to the caller as it came.
      switchMap((token) => (token !== null ? forward(operation) : result ? of(result) : throwError(() => error))),
    );
  });

  return new ApolloClient({
    link: ApolloLink.from([refreshLink, authLink, new HttpLink({ uri: url, fetch, credentials })]),
    cache: new InMemoryCache(),
  });
}

function refusesToken(error: ErrorLike): boolean {
  if (CombinedGraphQLErrors.is(error)) return refusesAccessToken(error.errors);
  return ServerError.is(error) && error.statusCode === 401;
}
