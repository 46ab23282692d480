import { Field, InputType, Int } from "type-graphql";

@InputType()
export class CreateProductInput {
  @Field(() => String, { description: "1 to 200 characters." })
  name!: string;

  @Field(() => String, { nullable: true, description: "At most 5000 characters." })
  description?: string | null;

  @Field(() => Int, { description: "0 or more." })
  priceCents!: number;
}

@InputType({ description: "Only the fields given change; `description: null` clears it." })
export class UpdateProductInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Int, { nullable: true })
  priceCents?: number | null;
}
