import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { PAGE_SIZE_DEFAULT } from "../db/keyset-page.js";
import type { SignedInContext } from "./context.js";
import { Role } from "../entities/role.js";
import { User } from "../entities/user.entity.js";
import { UpdateProfileInput } from "./types/update-profile.input.js";
import { UserConnection } from "./types/user-connection.type.js";

@Resolver(() => User)
export class UserResolver {
  @Authorized()
  @Query(() => User, { description: "The signed-in user." })
  me(@Ctx() ctx: SignedInContext): User {
    // Read with the session by this request's token check: no second query.
    return ctx.user.profile;
  }

  @FieldResolver(() => Boolean, { description: "Whether a link sent to the address was followed; false without an address." })
  emailVerified(@Root() user: User): boolean {
    return user.email !== null && user.emailVerified;
  }

  @Authorized()
  @Mutation(() => User, { description: "Changes the signed-in user's name (not the e-mail: see changeEmail)." })
  updateProfile(@Arg("input", () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: SignedInContext): Promise<User> {
    return ctx.services.profiles.update(ctx.em, ctx.user, input);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [User], {
    description: "Every account, oldest first, all at once.",
    deprecationReason: "Use usersConnection, which pages the accounts.",
  })
  users(@Ctx() ctx: SignedInContext): Promise<User[]> {
    return ctx.services.userAdmin.list(ctx.em);
  }

  @Authorized(Role.ADMIN)
  @Query(() => UserConnection, { description: "The accounts, oldest first, a page at a time." })
  usersConnection(
    @Arg("first", () => Int, { nullable: true, defaultValue: PAGE_SIZE_DEFAULT, description: "At most 100." })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SignedInContext,
  ): Promise<UserConnection> {
    return ctx.services.userAdmin.page(ctx.em, first ?? PAGE_SIZE_DEFAULT, after);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User, { description: "Deactivating ends every session of the user at once and blocks sign-in." })
  setUserActive(
    @Arg("id", () => ID) id: string,
    @Arg("active", () => Boolean) active: boolean,
    @Ctx() ctx: SignedInContext,
  ): Promise<User> {
    return ctx.services.userAdmin.setActive(ctx.em, ctx.user.id, id, active, ctx.client);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User, { description: "Takes effect on the user's next request." })
  setUserRole(@Arg("id", () => ID) id: string, @Arg("role", () => Role) role: Role, @Ctx() ctx: SignedInContext): Promise<User> {
    return ctx.services.userAdmin.setRole(ctx.em, ctx.user.id, id, role, ctx.client);
  }
}

@Resolver(() => UserConnection)
export class UserConnectionResolver {
  // A count is a query of its own: a page that does not show it does not pay for it.
  @FieldResolver(() => Int, { description: "How many accounts there are in all." })
  totalCount(@Ctx() ctx: SignedInContext): Promise<number> {
    return ctx.services.userAdmin.count(ctx.em);
  }
}
