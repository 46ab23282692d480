import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context, SignedInContext } from "./context.js";

/** The account flows that go through a mailbox, and leaving (accounts/email-flows.ts, account-deletion.ts). */
@Resolver()
export class AccountResolver {
  @Query(() => Boolean, {
    description:
      "Whether this server sends e-mail. When false (MAIL=off, or production without SMTP_URL), the e-mail flows answer SERVICE_UNAVAILABLE: a front end hides them.",
  })
  mailEnabled(@Ctx() ctx: Context): boolean {
    return ctx.services.emailFlows.mailEnabled;
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Sends a link to the signed-in user's address; following it (verifyEmail) verifies the address. BAD_USER_INPUT without an address or when it is verified already.",
  })
  requestEmailVerification(@Ctx() ctx: SignedInContext): Promise<boolean> {
    return ctx.services.emailFlows.requestVerification(ctx.em, ctx.user, ctx.client);
  }

  @Mutation(() => Boolean, {
    description:
      "Follows a link from a verification or e-mail change message (/verify-email?token=…). BAD_USER_INPUT with reason LINK_INVALID, LINK_EXPIRED, or EMAIL_TAKEN when another account verified the address first.",
  })
  verifyEmail(@Arg("token", () => String) token: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.emailFlows.verifyEmail(ctx.em, token, ctx.client);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Sends a link to the new address, with the current password asked again; the account's address changes (verified) when the link is followed.",
  })
  changeEmail(
    @Arg("newEmail", () => String) newEmail: string,
    @Arg("currentPassword", () => String) currentPassword: string,
    @Ctx() ctx: SignedInContext,
  ): Promise<boolean> {
    return ctx.services.emailFlows.changeEmail(ctx.em, ctx.user, newEmail, currentPassword, ctx.client);
  }

  @Mutation(() => Boolean, {
    description:
      "Always true, in the same time, whether or not the address has an account; a link (30 minutes) goes only to a verified address of an active account.",
  })
  requestPasswordReset(@Arg("email", () => String) email: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.emailFlows.requestPasswordReset(email, ctx.client);
  }

  @Mutation(() => Boolean, {
    description: "Follows a reset link (/reset-password?token=…): sets the new password and ends every session of the account.",
  })
  resetPassword(
    @Arg("token", () => String) token: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.emailFlows.resetPassword(ctx.em, token, newPassword, ctx.client);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Deletes the signed-in user's account, with the password asked again: its sessions, cart, wishlist and links go with it. The last active admin cannot.",
  })
  async deleteAccount(@Arg("currentPassword", () => String) currentPassword: string, @Ctx() ctx: SignedInContext): Promise<boolean> {
    await ctx.services.accountDeletion.delete(ctx.em, ctx.user, currentPassword, ctx.client);
    ctx.refreshCookie.clear();
    return true;
  }
}
