import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { createAuthApi, createSession, createTabSync, sessionLink, type Session } from "../session";

export interface AppServices {
  session: Session;
  client: ApolloClient;
}

/** The session and the GraphQL client, made once per page load. */
export function createAppServices(url = "/graphql"): AppServices {
  const session = createSession({ api: createAuthApi(url), tabs: createTabSync() });
  const client = new ApolloClient({
    // No cookie on GraphQL operations: only the session's refresh and logout need it.
    link: sessionLink(session).concat(new HttpLink({ uri: url, credentials: "omit" })),
    cache: new InMemoryCache({
      typePolicies: {
        // One cart per user: every mutation's Cart lands on the `cart` query's. Its lines
        // have no id: each answer's list replaces the one before (as the wishlist's does).
        Cart: { keyFields: [], fields: { items: { merge: false } } },
        Query: {
          fields: { products: relayStylePagination(), usersConnection: relayStylePagination(), wishlist: { merge: false } },
        },
      },
    }),
  });
  // Nothing cached for one user outlives their session: not when it ends, nor when another
  // user's session replaces it (a sign-in in another tab).
  let userId: string | null = null;
  session.subscribe(() => {
    const state = session.getState();
    const now = state.status === "signed-in" ? state.user.id : null;
    if (userId !== null && now !== userId) void client.clearStore();
    userId = now;
  });
  return { session, client };
}
