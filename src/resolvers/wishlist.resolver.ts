import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { SignedInContext } from "./context.js";
import { Product } from "../entities/product.entity.js";
import * as wishlists from "../shop/wishlist.js";

@Resolver()
export class WishlistResolver {
  @Authorized()
  @Query(() => [Product], { description: "The signed-in user's wishlist, oldest first." })
  wishlist(@Ctx() ctx: SignedInContext): Promise<Product[]> {
    return wishlists.getWishlist(ctx.em, ctx.user.id);
  }

  @Authorized()
  @Mutation(() => [Product], { description: "Idempotent." })
  addToWishlist(@Arg("productId", () => ID) productId: string, @Ctx() ctx: SignedInContext): Promise<Product[]> {
    return wishlists.addToWishlist(ctx.em, ctx.user.id, productId);
  }

  @Authorized()
  @Mutation(() => [Product], { description: "Idempotent." })
  removeFromWishlist(@Arg("productId", () => ID) productId: string, @Ctx() ctx: SignedInContext): Promise<Product[]> {
    return wishlists.removeFromWishlist(ctx.em, ctx.user.id, productId);
  }
}
