import { Client, cacheExchange, fetchExchange, type CombinedError, type Operation } from "@urql/core";
import { authExchange } from "@urql/exchange-auth";
import { refusesAccessToken } from "./refusals.js";
import type { Session } from "./session.js";

/**
 * urql 5 (@urql/core 6 with @urql/exchange-auth 3), signed in through session.ts.
 *
 *   const url = "/graphql";
 *   const session = createSession({ api: createAuthApi({ url, transport: "COOKIE" }), onSignedOut });
 *   const client = createUrqlClient({ url, session });   // make a new one after a sign-out
 *   await session.signIn(username, password);
 *   const { data, error } = await client.query(ME, {}).toPromise();
 *
 * authExchange puts the bearer header on every operation. willAuthError sees a token about
 * to expire and has it refreshed before the operation goes; didAuthError sees the API refuse
 * one (HTTP 401, reason TOKEN_EXPIRED, TOKEN_INVALID or TOKEN_REVOKED). Either way refreshAuth
 * runs once, with the other operations paused, and they go again with the new token.
 *
 * urql sends queries as GET. The API's CSRF prevention answers a GET only when it carries a
 * header a cross-site form cannot send: `apollo-require-preflight` below. (Or set
 * `preferGetMethod: false` to send everything as POST.)
 */

export interface UrqlClientOptions {
  url: string;
  session: Session;
  fetch?: typeof fetch;
  credentials?: RequestInit["credentials"];
}

export function createUrqlClient({ url, session, fetch, credentials = "same-origin" }: UrqlClientOptions) {
  let refusedToken: string | null = null; // the token the operation that wants a refresh went with

  return new Client({
    url,
    fetch,
    fetchOptions: { credentials, headers: { "apollo-require-preflight": "true" } },
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const token = session.currentToken();
          return token ? utils.appendHeaders(operation, { authorization: `Bearer ${token}` }) : operation;
        },
        willAuthError() {
          if (!session.needsRefresh()) return false;
          refusedToken = session.currentToken();
          return true;
        },
        didAuthError(error, operation) {
          if (!refusesToken(error)) return false;
          refusedToken = sentToken(operation);
          return true;
        },
        async refreshAuth() {
          // Resolves without a token when the session ended: onSignedOut has been called, and
          // the paused operations go anonymous (a protected field answers NO_TOKEN).
          await session.refreshAfterRefusal(refusedToken);
        },
      })),
      fetchExchange,
    ],
  });
}

function refusesToken(error: CombinedError): boolean {
  return (error.response as { status?: number } | undefined)?.status === 401 || refusesAccessToken(error.graphQLErrors);
}

function sentToken(operation: Operation): string | null {
  const options = typeof operation.context.fetchOptions === "function" ? operation.context.fetchOptions() : operation.context.fetchOptions;
  const header = (options?.headers as Record<string, string> | undefined)?.authorization;
  return header?.replace(/^Bearer /, "") ?? null;
}
