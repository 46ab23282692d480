import { Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { AuthUser } from "../auth/sessions.js";
import type { Context } from "../context.js";
import { User } from "../entities/user.entity.js";

@Resolver(() => User)
export class UserResolver {
  @Authorized()
  @Query(() => User, { description: "The signed-in user." })
  me(@Ctx() ctx: Context & { user: AuthUser }): Promise<User> {
    // Already in the identity map: the request's token check loaded it with the session.
    return ctx.em.findOneOrFail(User, { id: ctx.user.id });
  }
}
