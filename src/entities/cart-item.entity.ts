import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from "@mikro-orm/core";
import { GraphQLSafeInt } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";
import { GRAPHQL_INT_MAX } from "../lib/graphql-int.js";
import { Product } from "./product.entity.js";
import { User } from "./user.entity.js";

/** One line of a user's cart: one per user and product. */
@ObjectType({ description: "A product in the cart and how many of it.", simpleResolvers: true })
@Entity({ tableName: "cart_items" })
@Unique({ properties: ["user", "product"] })
export class CartItem {
  [OptionalProps]?: "id" | "createdAt" | "subtotalCents" | "subtotalCentsExact";

  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: "cascade" })
  user!: Ref<User>;

  @Field(() => Product)
  @ManyToOne(() => Product, { deleteRule: "cascade", index: true })
  product!: Product;

  @Field(() => Int)
  @Property({ type: "integer" })
  quantity!: number;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Field(() => Int, {
    description: "priceCents × quantity, computed by the server; capped at 2147483647 (GraphQL's Int), see subtotalCentsExact.",
  })
  get subtotalCents(): number {
    return Math.min(this.subtotalCentsExact, GRAPHQL_INT_MAX);
  }

  @Field(() => GraphQLSafeInt, { description: "priceCents × quantity, exactly: a price raised since it was added can take it past an Int." })
  get subtotalCentsExact(): number {
    return this.product.priceCents * this.quantity;
  }
}
