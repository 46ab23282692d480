import type { ApiGraphQLError } from "./auth-api.js";
import { refusesAccessToken } from "./refusals.js";
import type { Session } from "./session.js";

/**
 * GraphQL over plain `fetch`, signed in through session.ts.
 *
 *   const url = "/graphql";
 *   const session = createSession({ api: createAuthApi({ url, transport: "COOKIE" }), onSignedOut });
 *   const graphql = createGraphQLFetch({ url, session });
 *   await session.signIn(username, password);
 *   const { data, errors } = await graphql<{ me: { id: string } }>("query Me { me { id } }");
 *
 * Each request carries `Authorization: Bearer <access token>`, refreshed ahead of expiry.
 * When the API refuses the token anyway (HTTP 401, reason TOKEN_EXPIRED, TOKEN_INVALID or
 * TOKEN_REVOKED) it refreshes once, shared with every request that hit the same refusal,
 * and sends the request again. If the refresh ended the session, the refusal is returned
 * and the session has called onSignedOut. Use the same `credentials` as for createAuthApi.
 */

export interface GraphQLResult<TData> {
  data?: TData | null;
  errors?: ApiGraphQLError[];
}

export interface GraphQLFetchOptions {
  url: string;
  session: Session;
  fetch?: typeof fetch;
  credentials?: RequestInit["credentials"];
}

export function createGraphQLFetch({ url, session, fetch: send = fetch, credentials = "same-origin" }: GraphQLFetchOptions) {
  async function post<TData>(body: string, token: string | null) {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
    };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await send(url, { method: "POST", credentials, headers, body });
    return { status: response.status, result: (await response.json()) as GraphQLResult<TData> };
  }

  return async function graphql<TData, TVariables extends Record<string, unknown> = Record<string, unknown>>(
    query: string,
    variables?: TVariables,
  ): Promise<GraphQLResult<TData>> {
    const body = JSON.stringify({ query, variables });
    const token = await session.getAccessToken();
    const first = await post<TData>(body, token);
    if (token === null || (first.status !== 401 && !refusesAccessToken(first.result.errors))) return first.result;

    const next = await session.refreshAfterRefusal(token);
    if (next === null) return first.result; // signed out: onSignedOut has been called
    return (await post<TData>(body, next)).result;
  };
}

export type GraphQLFetch = ReturnType<typeof createGraphQLFetch>;
