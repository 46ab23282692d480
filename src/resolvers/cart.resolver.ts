import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { SignedInContext } from "./context.js";
import * as carts from "../shop/cart.js";
import { Cart } from "./types/cart.type.js";

@Resolver(() => Cart)
export class CartResolver {
  @Authorized()
  @Query(() => Cart, { description: "The signed-in user's cart." })
  cart(@Ctx() ctx: SignedInContext): Promise<Cart> {
    return carts.getCart(ctx.em, ctx.user.id);
  }

  @Authorized()
  @Mutation(() => Cart, { description: "Adds to the product's line (1 to 99 at a time, at most 99 a line)." })
  addToCart(
    @Arg("productId", () => ID) productId: string,
    @Arg("quantity", () => Int, { defaultValue: 1 }) quantity: number,
    @Ctx() ctx: SignedInContext,
  ): Promise<Cart> {
    return carts.addToCart(ctx.em, ctx.user.id, productId, quantity);
  }

  @Authorized()
  @Mutation(() => Cart, { description: "Sets the product's quantity (0 to 99); 0 removes it." })
  setCartItemQuantity(
    @Arg("productId", () => ID) productId: string,
    @Arg("quantity", () => Int) quantity: number,
    @Ctx() ctx: SignedInContext,
  ): Promise<Cart> {
    return carts.setCartItemQuantity(ctx.em, ctx.user.id, productId, quantity);
  }

  @Authorized()
  @Mutation(() => Cart)
  removeFromCart(@Arg("productId", () => ID) productId: string, @Ctx() ctx: SignedInContext): Promise<Cart> {
    return carts.removeFromCart(ctx.em, ctx.user.id, productId);
  }

  @Authorized()
  @Mutation(() => Cart)
  clearCart(@Ctx() ctx: SignedInContext): Promise<Cart> {
    return carts.clearCart(ctx.em, ctx.user.id);
  }
}
