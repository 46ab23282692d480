import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Int, ObjectType } from "type-graphql";
import { Product } from "./product.entity.js";
import { User } from "./user.entity.js";

/** One line of a user's cart: one per user and product. */
@ObjectType({ description: "A product in the cart and how many of it.", simpleResolvers: true })
@Entity({ tableName: "cart_items" })
@Unique({ properties: ["user", "product"] })
export class CartItem {
  [OptionalProps]?: "id" | "createdAt" | "subtotalCents";

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

  @Field(() => Int, { description: "priceCents × quantity, computed by the server." })
  get subtotalCents(): number {
    return this.product.priceCents * this.quantity;
  }
}
