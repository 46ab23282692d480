/**
 * The API's session mutations (login, refreshToken, logout) over plain `fetch`.
 *
 * session.ts calls these, never your GraphQL client: a refresh sent through Apollo's or
 * urql's own chain would meet the very error handling it is there to serve.
 *
 *   // In a browser: the refresh token lives in an HttpOnly cookie, JavaScript never sees it.
 *   const api = createAuthApi({ url: "/graphql", transport: "COOKIE" });
 *   // In Node or a mobile app: the refresh token comes back in the body.
 *   const api = createAuthApi({ url: "https://api.example.com/graphql", transport: "BODY" });
 *
 * `credentials` is fetch's: "same-origin" (the default) when the web app is served from the
 * API's origin, "include" when it is on another origin of the same site (list that origin
 * in the server's CORS_ORIGINS).
 */

export type Transport = "BODY" | "COOKIE";

/** The fields of AuthPayload a session needs. */
export interface TokenPair {
  accessToken: string;
  /** null for COOKIE sessions: the token went into the cookie. */
  refreshToken: string | null;
  /** When the access token expires (ISO 8601, the server's clock). */
  expiresAt: string;
  /** When the session ends, however often it is refreshed. */
  sessionExpiresAt: string;
}

/** A GraphQL error as the API sends it: a fixed `code`, and a `reason` on refusals. */
export interface ApiGraphQLError {
  message: string;
  extensions?: { code?: string; reason?: string };
}

/** A refused session mutation: the first error's code and reason, and the HTTP status. */
export class AuthApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = "AuthApiError";
  }
}

export interface AuthApiOptions {
  url: string;
  transport: Transport;
  fetch?: typeof fetch;
  credentials?: RequestInit["credentials"];
}

const PAIR = "accessToken refreshToken expiresAt sessionExpiresAt";

export function createAuthApi({ url, transport, fetch: send = fetch, credentials = "same-origin" }: AuthApiOptions) {
  async function call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await send(url, {
      method: "POST",
      credentials,
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: ApiGraphQLError[] };
    const error = body.errors?.[0];
    if (error || !body.data) {
      const { code, reason } = error?.extensions ?? {};
      throw new AuthApiError(error?.message ?? `HTTP ${response.status}`, response.status, code, reason);
    }
    return body.data;
  }

  // A COOKIE session sends no argument: the server reads the cookie (and checks Origin).
  const declare = transport === "BODY" ? "($refreshToken: String)" : "";
  const pass = transport === "BODY" ? "(refreshToken: $refreshToken)" : "";
  const tokenVariables = (refreshToken: string | null) => (transport === "BODY" ? { refreshToken } : {});

  return {
    transport,
    async login(username: string, password: string): Promise<TokenPair> {
      const input = { username, password, refreshTokenTransport: transport };
      const data = await call<{ login: TokenPair }>(`mutation Login($input: LoginInput!) { login(input: $input) { ${PAIR} } }`, { input });
      return data.login;
    },
    async refresh(refreshToken: string | null): Promise<TokenPair> {
      const data = await call<{ refreshToken: TokenPair }>(
        `mutation Refresh${declare} { refreshToken${pass} { ${PAIR} } }`,
        tokenVariables(refreshToken),
      );
      return data.refreshToken;
    },
    async logout(refreshToken: string | null): Promise<void> {
      await call<{ logout: boolean }>(`mutation Logout${declare} { logout${pass} }`, tokenVariables(refreshToken));
    },
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;
