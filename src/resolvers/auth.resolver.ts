import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context, SignedInContext } from "./context.js";
import { AuthPayload } from "./types/auth-payload.type.js";
import { LoginInput } from "./types/login.input.js";
import { RegisterInput } from "./types/register.input.js";

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Creates an account and signs it in on a new session." })
  async register(@Arg("input", () => RegisterInput) input: RegisterInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return AuthPayload.from(await ctx.services.accounts.register(ctx.em, input, ctx.client));
  }

  @Mutation(() => AuthPayload, { description: "Signs in on a new session (one per device)." })
  async login(@Arg("input", () => LoginInput) input: LoginInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return AuthPayload.from(await ctx.services.accounts.login(() => ctx.em, input, ctx.client));
  }

  @Mutation(() => AuthPayload, {
    description: "Exchanges a refresh token for a new pair. The old one is retired: using it again ends the session.",
  })
  async refreshToken(@Arg("refreshToken", () => String) refreshToken: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    return AuthPayload.from(await ctx.services.sessions.rotate(ctx.em, refreshToken, ctx.client));
  }

  @Mutation(() => Boolean, { description: "Ends the session of this refresh token." })
  async logout(@Arg("refreshToken", () => String) refreshToken: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.sessions.endByRefreshToken(ctx.em, refreshToken, ctx.client);
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
      "Changes the password and ends every session, so no access token issued before works. This device goes on in a new session (same start and end): use the returned pair.",
  })
  async changePassword(
    @Arg("currentPassword", () => String) currentPassword: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: SignedInContext,
  ): Promise<AuthPayload> {
    return AuthPayload.from(
      await ctx.services.accounts.changePassword(ctx.em, ctx.user, currentPassword, newPassword, ctx.client),
    );
  }
}
