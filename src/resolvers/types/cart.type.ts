import { GraphQLSafeInt } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";
import { CartItem } from "../../entities/cart-item.entity.js";

@ObjectType({ description: "The signed-in user's cart; the totals are computed by the server.", simpleResolvers: true })
export class Cart {
  @Field(() => [CartItem])
  items!: CartItem[];

  @Field(() => Int, { description: "The sum of the quantities." })
  itemCount!: number;

  @Field(() => Int, { description: "The sum of the subtotals; capped at 2147483647 (GraphQL's Int), see totalCentsExact." })
  totalCents!: number;

  @Field(() => GraphQLSafeInt, {
    description: "The sum of the subtotals, exactly: a price raised since the items were added can take it past an Int.",
  })
  totalCentsExact!: number;
}
