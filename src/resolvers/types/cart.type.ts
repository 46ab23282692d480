import { Field, Int, ObjectType } from "type-graphql";
import { CartItem } from "../../entities/cart-item.entity.js";

@ObjectType({ description: "The signed-in user's cart; the totals are computed by the server.", simpleResolvers: true })
export class Cart {
  @Field(() => [CartItem])
  items!: CartItem[];

  @Field(() => Int, { description: "The sum of the quantities." })
  itemCount!: number;

  @Field(() => Int)
  totalCents!: number;
}
