import { ApolloLink, type ErrorLike } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { from, of, switchMap, throwError } from "rxjs";
import type { Session } from "./session";

/**
 * Apollo Client's side of the session: the bearer header on every operation, and one retry
 * after a refresh when the API refuses the token anyway. The whole request is then HTTP
 * 401 with reason TOKEN_EXPIRED, TOKEN_INVALID or TOKEN_REVOKED; Apollo Client 4 asks for
 * application/graphql-response+json, so it arrives as CombinedGraphQLErrors.
 */
const TOKEN_REFUSALS = ["TOKEN_EXPIRED", "TOKEN_INVALID", "TOKEN_REVOKED"];

export function sessionLink(session: Session): ApolloLink {
  const authLink = new SetContextLink(async (prevContext) => {
    const token = await session.getAccessToken();
    const { authorization: _previous, ...headers } = (prevContext.headers ?? {}) as Record<string, string>;
    // `sentToken` tells the error link which token the API refused.
    return { sentToken: token, headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers };
  });

  const retryLink = new ErrorLink(({ error, result, operation, forward }) => {
    const context = operation.getContext();
    if (context.retriedAfterRefresh || !refusesToken(error)) return;
    operation.setContext({ retriedAfterRefresh: true });
    return from(session.refreshAfterRefusal(context.sentToken ?? null)).pipe(
      // Signed out (the session told the app): the refusal goes to the caller as it came.
      switchMap((token) => (token !== null ? forward(operation) : result ? of(result) : throwError(() => error))),
    );
  });

  return ApolloLink.from([retryLink, authLink]);
}

function refusesToken(error: ErrorLike): boolean {
  if (CombinedGraphQLErrors.is(error)) return error.errors.some((e) => TOKEN_REFUSALS.includes(String(e.extensions?.reason)));
  return ServerError.is(error) && error.statusCode === 401;
}
