import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { SignedInContext } from "../server/context.js";
import { Role } from "../entities/role.js";
import { User } from "../entities/user.entity.js";

@Resolver(() => User)
export class UserResolver {
  @Authorized()
  @Query(() => User, { description: "The signed-in user." })
  me(@Ctx() ctx: SignedInContext): User {
    // Read with the session by this request's token check: no second query.
    return ctx.user.profile;
  }

  @Authorized(Role.ADMIN)
  @Query(() => [User], { description: "Every account, oldest first." })
  users(@Ctx() ctx: SignedInContext): Promise<User[]> {
    return ctx.services.userAdmin.list(ctx.em);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User, { description: "Deactivating ends every session of the user at once and blocks sign-in." })
  setUserActive(
    @Arg("id", () => ID) id: string,
    @Arg("active", () => Boolean) active: boolean,
    @Ctx() ctx: SignedInContext,
  ): Promise<User> {
    return ctx.services.userAdmin.setActive(ctx.em, ctx.user.id, id, active);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User, { description: "Takes effect on the user's next request." })
  setUserRole(@Arg("id", () => ID) id: string, @Arg("role", () => Role) role: Role, @Ctx() ctx: SignedInContext): Promise<User> {
    return ctx.services.userAdmin.setRole(ctx.em, ctx.user.id, id, role);
  }
}
