import { Field, InputType } from "type-graphql";

@InputType()
export class LoginInput {
  @Field(() => String, { description: "Compared regardless of case." })
  username!: string;

  @Field(() => String)
  password!: string;
}
