import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { TokenPair } from "../auth/sessions.js";
import { RefreshTokenTransport } from "../entities/refresh-token-transport.js";
import { RefreshTokenRefusedError } from "../lib/errors.js";
import type { Context, SignedInContext } from "./context.js";
import { AuthPayload } from "./types/auth-payload.type.js";
import { LoginInput } from "./types/login.input.js";
import { RegisterInput } from "./types/register.input.js";

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Creates an account and signs it in on a new session." })
  async register(@Arg("input", () => RegisterInput) input: RegisterInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return deliver(ctx, await ctx.services.accounts.register(ctx.em, input, ctx.client));
  }

  @Mutation(() => AuthPayload, { description: "Signs in on a new session (one per device)." })
  async login(@Arg("input", () => LoginInput) input: LoginInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return deliver(ctx, await ctx.services.accounts.login(() => ctx.em, input, ctx.client));
  }

  @Mutation(() => AuthPayload, {
    description:
      "Exchanges a refresh token for a new pair; without the argument, the refresh cookie's (COOKIE sessions). The old token is retired: presented again after the reuse interval, it ends the session.",
  })
  async refreshToken(
    @Arg("refreshToken", () => String, { nullable: true }) refreshToken: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const pair = await withRefreshToken(ctx, refreshToken, (token) => ctx.services.sessions.rotate(() => ctx.em, token, ctx.client));
    return deliver(ctx, pair);
  }

  @Mutation(() => Boolean, { description: "Ends the session of this refresh token; without the argument, the refresh cookie's." })
  async logout(
    @Arg("refreshToken", () => String, { nullable: true }) refreshToken: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    const transport = await withRefreshToken(ctx, refreshToken, (token) =>
      ctx.services.sessions.endByRefreshToken(() => ctx.em, token, ctx.client),
    );
    if (transport === RefreshTokenTransport.COOKIE || refreshToken == null) ctx.refreshCookie.clear();
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Ends every session of the signed-in user, this one included." })
  async logoutAll(@Ctx() ctx: SignedInContext): Promise<boolean> {
    await ctx.services.sessions.revokeAll(ctx.em, ctx.user.id, "logout_all", ctx.client);
    return true;
  }

  @Authorized()
  @Mutation(() => AuthPayload, {
    description:
      "Changes the password and ends every session, so no access token issued before works. This device goes on in a new session (same start and end, same transport): use the returned pair.",
  })
  async changePassword(
    @Arg("currentPassword", () => String) currentPassword: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: SignedInContext,
  ): Promise<AuthPayload> {
    return deliver(ctx, await ctx.services.accounts.changePassword(ctx.em, ctx.user, currentPassword, newPassword, ctx.client));
  }
}

/** A COOKIE session's refresh token goes into the cookie, never into the body. */
function deliver(ctx: Context, pair: TokenPair): AuthPayload {
  if (pair.transport === RefreshTokenTransport.COOKIE) ctx.refreshCookie.set(pair.refreshToken, pair.sessionExpiresAt);
  return AuthPayload.from(pair);
}

/**
 * Runs `use` with the argument's token, or without one the cookie's (refused from a foreign
 * origin). A refused cookie token is cleared: the browser stops sending a dead one. Not when
 * the session lives on under a newer token, which another tab may have set in that cookie.
 */
async function withRefreshToken<T>(ctx: Context, argument: string | null | undefined, use: (token: string) => Promise<T>): Promise<T> {
  const fromCookie = argument == null;
  const token = fromCookie ? ctx.refreshCookie.read() : argument;
  if (token === undefined) throw new RefreshTokenRefusedError("REFRESH_TOKEN_INVALID");
  try {
    return await use(token);
  } catch (error) {
    if (fromCookie && error instanceof RefreshTokenRefusedError && !error.sessionLives) ctx.refreshCookie.clear();
    throw error;
  }
}
