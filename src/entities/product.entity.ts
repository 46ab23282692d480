import { randomUUID } from "node:crypto";
import { DateTimeType, Entity, Index, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "An item of the catalogue.", simpleResolvers: true })
@Entity({ tableName: "products" })
@Index({ properties: ["createdAt", "id"] })
export class Product {
  [OptionalProps]?: "id" | "description" | "createdAt" | "updatedAt";

  @Field(() => ID)
  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  @Field(() => String)
  @Property({ type: "string", length: 200 })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: "text", nullable: true })
  description: string | null = null;

  @Field(() => Int, { description: "Price in cents (or the smallest unit of the currency)." })
  @Property({ type: "integer" })
  priceCents!: number;

  @Field(() => Date)
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
