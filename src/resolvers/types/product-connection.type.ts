import { Field, ObjectType } from "type-graphql";
import { Product } from "../../entities/product.entity.js";
import { PageInfo } from "./page-info.type.js";

@ObjectType({ simpleResolvers: true })
export class ProductEdge {
  @Field(() => String, { description: "Opaque: pass it as `after` to read on from here." })
  cursor!: string;

  @Field(() => Product)
  node!: Product;
}

/** `totalCount` is resolved by ProductConnectionResolver, only when asked for. */
@ObjectType({ description: "A page of the catalogue, newest first (Relay connection).", simpleResolvers: true })
export class ProductConnection {
  @Field(() => [ProductEdge])
  edges!: ProductEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
