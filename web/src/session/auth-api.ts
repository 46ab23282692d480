import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { getFragmentData, type FragmentType } from "../gql";
import type { RegisterInput } from "../gql/graphql";
import { toApiError, type ApiError } from "../lib/graphql-errors";
import {
  ChangePasswordDocument,
  RefreshDocument, RegisterDocument, SessionPairFragment, SessionUserFragment, SignInDocument,
  SignOutDocument,
  SignOutEverywhereDocument,
} from "./documents";

/**
 * The API's session mutations over plain fetch, always with the COOKIE transport: the
 * refresh token lives in an HttpOnly cookie that no script can read, and comes back in no
 * response body. Same-origin requests: the server checks their Origin before it reads it.
 */

export interface SessionUser {
  id: string;
  username: string;
  name: string | null | undefined;
  role: "USER" | "ADMIN";
}

/** What a sign-in or refresh hands the session: the access token is kept in memory only. */
export interface TokenPair {
  accessToken: string;
  /** Seconds the access token lives: timed on this device's clock, which may differ from the server's. */
  expiresIn: number;
  /** ISO 8601, the server's clock. */
  expiresAt: string;
  sessionExpiresAt: string;
  user: SessionUser;
}

/** A refused session mutation: the API's errors (the first one decides). */
export class AuthApiError extends Error {
  constructor(
    readonly errors: ApiError[],
    readonly status: number,
  ) {
    super(errors[0]?.message ?? `HTTP ${status}`);
    this.name = "AuthApiError";
  }

  get reason(): string | undefined {
    return this.errors[0]?.reason;
  }
}

export type RegisterFields = Omit<RegisterInput, "refreshTokenTransport">;

export interface AuthApi {
  signIn(username: string, password: string): Promise<TokenPair>;
  register(input: RegisterFields): Promise<TokenPair>;
  refresh(): Promise<TokenPair>;
  signOut(): Promise<void>;
  /** Signed in (the access token): ends every other session, returns this device's new pair. */
  changePassword(accessToken: string, currentPassword: string, newPassword: string): Promise<TokenPair>;
  /** Signed in: ends every session of the user, this one included. */
  signOutEverywhere(accessToken: string): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 15_000;

export function createAuthApi(url = "/graphql", send: typeof fetch = (...args) => fetch(...args)): AuthApi {
  async function call<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables, accessToken?: string): Promise<Data> {
    const response = await send(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
      // A request that hangs would hold the tabs' refresh lock: every tab would wait on it.
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: Data | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    if (body.errors?.length || !body.data) {
      throw new AuthApiError((body.errors ?? [{ message: `The server answered HTTP ${response.status}` }]).map(toApiError), response.status);
    }
    return body.data;
  }

  const pairOf = (payload: FragmentType<typeof SessionPairFragment>): TokenPair => {
    const pair = getFragmentData(SessionPairFragment, payload);
    return { ...pair, user: getFragmentData(SessionUserFragment, pair.user) };
  };

  return {
    async signIn(username, password) {
      const data = await call(SignInDocument, { input: { username, password, refreshTokenTransport: "COOKIE" } });
      return pairOf(data.login);
    },
    async register(input) {
      const data = await call(RegisterDocument, { input: { ...input, refreshTokenTransport: "COOKIE" } });
      return pairOf(data.register);
    },
    async refresh() {
      return pairOf((await call(RefreshDocument, {})).refreshToken);
    },
    async signOut() {
      await call(SignOutDocument, {});
    },
    async changePassword(accessToken, currentPassword, newPassword) {
      return pairOf((await call(ChangePasswordDocument, { currentPassword, newPassword }, accessToken)).changePassword);
    },
    async signOutEverywhere(accessToken) {
      await call(SignOutEverywhereDocument, {}, accessToken);
    },
  };
}
