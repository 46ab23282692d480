// The workloads: what each request sends, and how many connections send it.
import { availableParallelism } from "node:os";
import { BENCH_LOGIN_USER, BENCH_PASSWORD, LOGIN, REFRESH, REGISTER } from "./server.mjs";

const ME = JSON.stringify({ query: "{ me { id username name } }" });
const TYPENAME = JSON.stringify({ query: "{ __typename }" });
const PRODUCTS = JSON.stringify({ query: "{ products(first: 20) { edges { node { id name priceCents } } } }" });
const LOGIN_BODY = JSON.stringify({ query: LOGIN, variables: { i: { username: BENCH_LOGIN_USER, password: BENCH_PASSWORD } } });

export const loginConnections = () => availableParallelism() * 2;

/** `{ me }` with the bench user's token; also the request sent to the baselines. */
export const me = (accessToken) => ({
  request: () => ({ body: ME, headers: { authorization: `Bearer ${accessToken}` } }),
});

export const products = () => ({ request: () => ({ body: PRODUCTS }) });

/** No token, no database: what HTTP, Fastify and Apollo cost on their own (the stack's floor). */
export const typename = () => ({ request: () => ({ body: TYPENAME }) });

export const login = () => ({ request: () => ({ body: LOGIN_BODY }) });

/**
 * Each connection follows its own refresh-token chain: it takes one of the fresh sessions'
 * tokens on its first request, then always sends the token the last answer returned.
 */
export function refreshToken(startTokens) {
  const pool = [...startTokens];
  return {
    request(state) {
      state.token ??= pool.shift();
      if (!state.token) throw new Error("more connections than fresh sessions");
      return { body: JSON.stringify({ query: REFRESH, variables: { t: state.token } }) };
    },
    onData(data, state) {
      state.token = data.refreshToken.refreshToken;
    },
  };
}

/** A new username on every request (3 to 32 characters). */
export function register(runId) {
  let counter = 0;
  return {
    request: () => {
      counter++;
      const input = { username: `b${runId}_${counter}`, password: BENCH_PASSWORD };
      return { body: JSON.stringify({ query: REGISTER, variables: { i: input } }) };
    },
  };
}
