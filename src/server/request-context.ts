import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";

/**
 * The id of the HTTP request an error happened in, for formatError to log and answer with
 * (INTERNAL_SERVER_ERROR carries it). Errors are tagged as Apollo reports them to plugins
 * (didEncounterErrors, before it formats them) and as the context function fails; no
 * AsyncLocalStorage: its promise hooks cost every request ~3%.
 */
const requestIds = new WeakMap<object, string>();

export function tagWithRequestId(error: unknown, requestId: string): void {
  if (typeof error === "object" && error !== null && !requestIds.has(error)) requestIds.set(error, requestId);
}

/** The error's request id, or that of the error it wraps (Apollo wraps a failed context's). */
export function requestIdOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 4; e = (e as { originalError?: unknown }).originalError, depth++) {
    const id = requestIds.get(e);
    if (id !== undefined) return id;
  }
  return undefined;
}

const TAG_ERRORS: GraphQLRequestListener<{ requestId: string }> = {
  async didEncounterErrors({ errors, contextValue }) {
    for (const error of errors) tagWithRequestId(error, contextValue.requestId);
  },
};

/** Tags every error of a request with its id before Apollo formats it (one listener for all requests). */
export function requestIdOnErrors(): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart() {
      return TAG_ERRORS;
    },
  };
}
