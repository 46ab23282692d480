import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context, SignedInContext } from "./context.js";
import { Session } from "../entities/session.entity.js";

@Resolver(() => Session)
export class SessionResolver {
  @Authorized()
  @Query(() => [Session], { description: "The signed-in user's live sessions, most recently used first." })
  sessions(@Ctx() ctx: SignedInContext): Promise<Session[]> {
    return ctx.services.sessions.listLive(ctx.em, ctx.user.id);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Ends one of the signed-in user's sessions." })
  async revokeSession(@Arg("id", () => ID) id: string, @Ctx() ctx: SignedInContext): Promise<boolean> {
    await ctx.services.sessions.revokeOwn(ctx.em, ctx.user.id, id, ctx.client);
    return true;
  }

  @FieldResolver(() => Boolean, { description: "Whether this is the session of the token that asked." })
  current(@Root() session: Session, @Ctx() ctx: Context): boolean {
    return session.id === ctx.user?.sessionId;
  }
}
