import { Field, InputType } from "type-graphql";

@InputType({ description: "A field left out stays as it is." })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: "At most 100 characters; null or empty clears it." })
  name?: string | null;
}
