import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "./context.js";
import { Product } from "../entities/product.entity.js";
import { Role } from "../entities/role.js";
import * as products from "../shop/products.js";
import { CreateProductInput, UpdateProductInput } from "./types/product.input.js";
import { ProductConnection } from "./types/product-connection.type.js";

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => ProductConnection, { description: "The catalogue, newest first. Public." })
  products(
    @Arg("first", () => Int, { nullable: true, defaultValue: products.PAGE_SIZE_DEFAULT, description: "At most 100." })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<ProductConnection> {
    return ctx.services.catalogue.page(first ?? products.PAGE_SIZE_DEFAULT, after);
  }

  @Query(() => Product, { nullable: true, description: "One product, or null when there is none with this id. Public." })
  product(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<Product | null> {
    return products.findProduct(ctx.em, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Product)
  createProduct(@Arg("input", () => CreateProductInput) input: CreateProductInput, @Ctx() ctx: Context): Promise<Product> {
    return products.createProduct(ctx.em, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Product)
  updateProduct(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateProductInput) input: UpdateProductInput,
    @Ctx() ctx: Context,
  ): Promise<Product> {
    return products.updateProduct(ctx.em, id, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, { description: "Deletes it; it leaves every cart and wishlist too." })
  async deleteProduct(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    await products.deleteProduct(ctx.em, id);
    return true;
  }
}

@Resolver(() => ProductConnection)
export class ProductConnectionResolver {
  // A count is a query of its own: a page that does not show it does not pay for it.
  @FieldResolver(() => Int, { description: "How many products there are in all." })
  totalCount(@Ctx() ctx: Context): Promise<number> {
    return products.countProducts(ctx.em);
  }
}
